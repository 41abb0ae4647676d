/** Small pieces shared by the entity files: enums mapped from the database, payload helper. @module */
import { builder } from './builder.js';

export const OrganizationStatusEnum = builder.enumType('OrganizationStatus', {
  values: { ACTIVE: { value: 'active' }, SUSPENDED: { value: 'suspended' } } as const,
});

export const MemberStatusEnum = builder.enumType('MemberStatus', {
  values: { ACTIVE: { value: 'active' }, SUSPENDED: { value: 'suspended' } } as const,
});

export const InvitationStatusEnum = builder.enumType('InvitationStatus', {
  values: { PENDING: { value: 'pending' }, ACCEPTED: { value: 'accepted' }, REVOKED: { value: 'revoked' }, EXPIRED: { value: 'expired' } } as const,
});

/** Every mutation needs an account credential; deny-by-default for anything else. */
export const ACCOUNT_ONLY = { account: true } as const;
