/**
 * Session: a person's sign-in at an issuer (device, timeouts, selected organization); node,
 * `User.sessions` (in user.ts) and the revoke / switch-organization mutations. Which sessions a
 * viewer sees is the kernel's rule (domain/authorization/visibility.ts), for reads and connections alike; what it
 * may change the session service decides.
 * @module
 */
import { builder } from '../builder.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ChildFilter, ChildSpec } from '../keyset.js';
import { ClientRef } from './client.js';
import { OrganizationRef } from './organization.js';
import { ValidationError, NotFoundError, InvalidStateError, ForbiddenError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { AUTHENTICATED } from '../shared.js';
import type { Session } from '../../generated/prisma/client.js';

type SessionStatus = Session['status'];

export const SessionStatusEnum = builder.enumType('SessionStatus', {
  values: {
    ACTIVE: { value: 'active' },
    REVOKED: { value: 'revoked', description: 'Ended by a revocation (a mutation, logout or RFC 7009).' },
    COMPROMISED: { value: 'compromised', description: 'Ended because a rotated refresh token was presented again.' },
    EXPIRED: { value: 'expired', description: 'Ended by the idle timeout or absolute lifetime (set when the session is next presented).' },
  } as const,
});

export const SessionRef = builder.prismaNode('Session', {
  id: { field: 'id' },
  nullable: true,
  description: "A user's sign-in at an issuer: the device it runs on, its timeouts and the organization its tokens act in.",
  findUnique: (id, ctx) => ({ id, AND: [visible.session(ctx.viewer)] }),
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      nullable: true,
      description: 'The person signed in; null when the viewer may not see the user.',
      resolve: (_query, s, _args, ctx) => ctx.loaders.user.load(s.userId),
    }),
    client: t.field({
      type: ClientRef,
      nullable: true,
      description:
        'The application the person signed in to, when the sign-in started from one. Only account keys see clients (as with node); null for other viewers.',
      resolve: (s, _args, ctx) => (s.clientId ? ctx.loaders.client.load(s.clientId) : null),
    }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description:
        'The selected organization: tokens of the session carry its org_id (while the membership is active). Null: none selected, or an organization the viewer may not read (use organizationId).',
      resolve: (s, _args, ctx) => (s.organizationId ? ctx.loaders.organization.load(s.organizationId) : null),
    }),
    organizationId: t.exposeID('organizationId', {
      nullable: true,
      description: 'The id of the selected organization (null: none selected).',
    }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    ip: t.exposeString('ip', { nullable: true, description: 'The client IP at sign-in.' }),
    authenticationMethods: t.exposeStringList('amr', { description: 'How the person authenticated (OIDC amr values, e.g. pwd, otp).' }),
    status: t.expose('status', { type: SessionStatusEnum }),
    authenticatedAt: t.expose('authTime', {
      type: 'DateTime',
      description: 'When the person last authenticated in this session (OIDC auth_time).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', description: 'The last sign-in, refresh or hosted-page visit.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      description: "The end of the absolute lifetime (the issuer's idle timeout may end it sooner).",
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    revokedReason: t.exposeString('revokedReason', { nullable: true }),
  }),
});

/** `User.sessions`: a user's sessions, newest first (a sign-in history, like webhook deliveries). */
export const SESSIONS_OF_USER: ChildSpec<Session> = {
  name: 'user.sessions',
  kind: 'session',
  table: '"Session"',
  parentColumn: '"userId"',
  direction: 'desc',
};

/** The rows of `User.sessions` of one status (which rows the viewer sees is the kernel's rule, applied by childConnection). */
export function sessionFilter(status: SessionStatus | null): ChildFilter | null {
  return status ? { key: `status=${status}`, sql: Prisma.sql`c.status = ${status}::"SessionStatus"` } : null;
}

/** The service hands out sessions without the cookie hash; the node type is the full row. */
const asNode = (session: Omit<Session, 'cookieHash'>): Session => ({ ...session, cookieHash: null });

const RevokeSessionInput = builder.inputType('RevokeSessionInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const RevokeUserSessionsInput = builder.inputType('RevokeUserSessionsInput', { fields: (t) => ({ userId: t.id({ required: true }) }) });

const RevokeOrganizationSessionsInput = builder.inputType('RevokeOrganizationSessionsInput', {
  fields: (t) => ({ organizationId: t.id({ required: true }) }),
});

const SwitchOrganizationInput = builder.inputType('SwitchOrganizationInput', {
  fields: (t) => ({
    sessionId: t.id({ description: "The session; may be omitted when calling with the session's own access token." }),
    organizationId: t.id({
      description:
        'The organization to select (the user must be an active member of it, and it active), or null for none. Required: pass null explicitly to clear.',
    }),
  }),
});

const SessionPayload = (name: string) =>
  builder
    .objectRef<{ session: Session }>(name)
    .implement({ fields: (t) => ({ session: t.field({ type: SessionRef, resolve: (p) => p.session }) }) });

const RevokeUserSessionsPayload = builder.objectRef<{ userId: string; revokedCount: number }>('RevokeUserSessionsPayload').implement({
  fields: (t) => ({
    userId: t.exposeID('userId'),
    revokedCount: t.exposeInt('revokedCount', { description: 'How many active sessions this call ended.' }),
  }),
});

const RevokeOrganizationSessionsPayload = builder
  .objectRef<{ organizationId: string; revokedCount: number }>('RevokeOrganizationSessionsPayload')
  .implement({
    fields: (t) => ({
      organizationId: t.exposeID('organizationId'),
      revokedCount: t.exposeInt('revokedCount', { description: 'How many active sessions this call ended.' }),
    }),
  });

// Any verified credential may call these: the session service checks who may change which
// session (account keys; the user's own, non-delegated token; members:write in the organization)
// and answers NOT_FOUND for the rest.
builder.mutationFields((t) => ({
  revokeSession: t.field({
    type: SessionPayload('RevokeSessionPayload'),
    description: 'Ends a session and every token issued to it (refresh tokens at once; access tokens carrying its sid on their next use).',
    authScopes: AUTHENTICATED,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError, ForbiddenError] },
    args: { input: t.arg({ type: RevokeSessionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ session: asNode(await ctx.services.sessions.revokeSession(ctx.viewer, input)) }),
  }),
  revokeUserSessions: t.field({
    type: RevokeUserSessionsPayload,
    description: 'Ends every active session of a user (sign out everywhere).',
    authScopes: AUTHENTICATED,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: RevokeUserSessionsInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.sessions.revokeUserSessions(ctx.viewer, input),
  }),
  revokeOrganizationSessions: t.field({
    type: RevokeOrganizationSessionsPayload,
    description: 'Ends every active session whose selected organization is this one.',
    authScopes: AUTHENTICATED,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: RevokeOrganizationSessionsInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.sessions.revokeOrganizationSessions(ctx.viewer, input),
  }),
  switchOrganization: t.field({
    type: SessionPayload('SwitchOrganizationPayload'),
    description: "Selects the organization the session's tokens act in, from their next refresh on.",
    authScopes: AUTHENTICATED,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: SwitchOrganizationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ session: asNode(await ctx.services.sessions.switchOrganization(ctx.viewer, input)) }),
  }),
}));
