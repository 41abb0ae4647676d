/** Small pieces shared by the entity files: enums mapped from the database, payload helper. @module */
import { builder } from './builder.js';
import type { ManagementScope } from '../domain/viewer.js';
import { SIGNING_ALGS } from '../domain/jwk.js';

export const OrganizationStatusEnum = builder.enumType('OrganizationStatus', {
  values: { ACTIVE: { value: 'active' }, SUSPENDED: { value: 'suspended' } } as const,
});

export const MemberStatusEnum = builder.enumType('MemberStatus', {
  values: { ACTIVE: { value: 'active' }, SUSPENDED: { value: 'suspended' } } as const,
});

/** JWS algs an issuer signs with (Issuer.signingAlg, Client.idTokenSignedResponseAlg). */
export const SigningAlgEnum = builder.enumType('SigningAlg', { values: SIGNING_ALGS });

export const InvitationStatusEnum = builder.enumType('InvitationStatus', {
  values: {
    PENDING: { value: 'pending' },
    ACCEPTED: { value: 'accepted' },
    REVOKED: { value: 'revoked' },
    EXPIRED: { value: 'expired' },
  } as const,
});

/** Account API keys only (issuer-wide and account-wide changes). */
export const ACCOUNT_ONLY = { account: true } as const;
/** Any verified credential; what it then sees is confined by tenancy (domain/tenancy.ts). */
export const AUTHENTICATED = { authenticated: true } as const;
/** A management scope (account keys hold them all). */
export const needs = (scope: ManagementScope) => ({ scope }) as const;

/** The later of two optional times (a use noted in this node's memory vs one another node wrote). */
export const latest = (a: Date | null, b: Date | null): Date | null => (a && b ? (a > b ? a : b) : (a ?? b));
