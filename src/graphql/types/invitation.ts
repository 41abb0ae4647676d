/** Invitation: node and create / accept / revoke. The token is shown once. @module */
import { builder } from '../builder.js';
import {
  ValidationError,
  NotFoundError,
  ConflictError,
  LimitReachedError,
  InvalidStateError,
  ForbiddenError,
} from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { AUTHENTICATED, InvitationStatusEnum, needs } from '../shared.js';
import { MembershipRef } from './membership.js';
import type { Invitation, Membership } from '../../generated/prisma/client.js';

export const InvitationRef = builder.prismaNode('Invitation', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.invitation(ctx.viewer)] }),
  fields: (t) => ({
    organization: t.prismaField({
      type: 'Organization',
      nullable: true,
      description: 'Null when the viewer may not read the organization (org:read); see organizationId.',
      resolve: (_query, i, _args, ctx) => ctx.loaders.organization.load(i.organizationId),
    }),
    organizationId: t.exposeID('organizationId'),
    email: t.exposeString('email'),
    scopes: t.exposeStringList('scopes'),
    status: t.field({
      type: InvitationStatusEnum,
      description: 'EXPIRED is a pending invitation past its expiry.',
      resolve: (i, _args, ctx) => ctx.services.invitations.state(i),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    acceptedAt: t.expose('acceptedAt', { type: 'DateTime', nullable: true }),
    acceptedByUserId: t.exposeID('acceptedByUserId', { nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.exposeID('createdById', {
      nullable: true,
      description:
        'The credential that created this invitation (key_, ptk_, s_, c_ or agt_); revoking it revokes this invitation while pending. Null: made before lineage was recorded.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreateInvitationInput = builder.inputType('CreateInvitationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    email: t.string({ required: true }),
    scopes: t.stringList({ description: "The organization's default member scopes when omitted." }),
    expiresInHours: t.int({ description: 'Default 168 (7 days).' }),
  }),
});

const AcceptInvitationInput = builder.inputType('AcceptInvitationInput', {
  fields: (t) => ({
    token: t.string({ required: true }),
    userId: t.id({ description: 'The signed-in user (optional); any other id is refused (FORBIDDEN).' }),
  }),
});

const RevokeInvitationInput = builder.inputType('RevokeInvitationInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const CreateInvitationPayload = builder.objectRef<{ invitation: Invitation; token: string }>('CreateInvitationPayload').implement({
  fields: (t) => ({
    invitation: t.field({ type: InvitationRef, resolve: (p) => p.invitation }),
    token: t.exposeString('token', { description: 'Shown only in this response; send it to the invitee.' }),
    acceptUrl: t.string({
      description:
        'The hosted invitation page with the token, `{PUBLIC_URL}/{issuerId}/invitation?token=…`: the link for the invitation email. The invitee accepts there by signing in or signing up as the invited address. Shown only in this response.',
      resolve: async (p, _args, ctx) => {
        // the issuer id only (for the URL): the creator may lack org:read for the organization object
        const org = await ctx.prisma.organization.findUniqueOrThrow({
          where: { id: p.invitation.organizationId },
          select: { issuerId: true },
        });
        return `${ctx.publicUrl()}/${org.issuerId}/invitation?${new URLSearchParams({ token: p.token })}`;
      },
    }),
  }),
});

const AcceptInvitationPayload = builder.objectRef<{ invitation: Invitation; membership: Membership }>('AcceptInvitationPayload').implement({
  fields: (t) => ({
    invitation: t.field({ type: InvitationRef, resolve: (p) => p.invitation }),
    membership: t.field({ type: MembershipRef, resolve: (p) => p.membership }),
  }),
});

const RevokeInvitationPayload = builder.objectRef<{ invitation: Invitation }>('RevokeInvitationPayload').implement({
  fields: (t) => ({ invitation: t.field({ type: InvitationRef, resolve: (p) => p.invitation }) }),
});

builder.mutationFields((t) => ({
  createInvitation: t.field({
    type: CreateInvitationPayload,
    authScopes: needs('invitations:write'),
    errors: { types: [ValidationError, NotFoundError, InvalidStateError, ForbiddenError] },
    args: { input: t.arg({ type: CreateInvitationInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.invitations.create(ctx.viewer, input),
  }),
  acceptInvitation: t.field({
    type: AcceptInvitationPayload,
    description:
      "Accepts an invitation as the invitee: only a user access token from the invitee's own sign-in (a user of the invitation's issuer whose username or verified email is the invited address). Any other credential, the inviter's included, gets ForbiddenError. People without an account accept on the hosted page (`acceptUrl`).",
    // any credential reaches the resolver: the domain answers the inviter's with FORBIDDEN
    authScopes: AUTHENTICATED,
    errors: { types: [ForbiddenError, ValidationError, NotFoundError, ConflictError, LimitReachedError, InvalidStateError] },
    args: { input: t.arg({ type: AcceptInvitationInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.invitations.accept(ctx.viewer, input),
  }),
  revokeInvitation: t.field({
    type: RevokeInvitationPayload,
    authScopes: needs('invitations:write'),
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: RevokeInvitationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ invitation: await ctx.services.invitations.revoke(ctx.viewer, input) }),
  }),
}));
