/**
 * The authorization kernel's read side: ONE visibility rule per type of the graph, in the forms
 * every read path needs — a Prisma `where` fragment (node lookups, root fields, relation loaders,
 * domain lookups before a change), the same rule as SQL on a child alias `c` (batched keyset
 * connections), and an in-memory predicate for events (live streams).
 *
 * The rule: an account API key sees everything in its account. Every other credential is confined
 * to its organization, and sees an object there only while it holds the read scope of that type
 * (`READ_SCOPE`). Whatever a viewer may not see is filtered out, so it looks exactly like an
 * object that does not exist — no error, no timing difference from a second query.
 *
 * Adding a type: give it a `READ_SCOPE` entry, a `visible` rule, and (if it is a child connection)
 * a `visibleSql` case. `assertEveryNodeIsGoverned` (run when the schema is built) refuses a Node
 * type without a rule, and the typechecker refuses a `visibleSql` kind without a case.
 * @module
 */
import { Prisma } from '../../generated/prisma/client.js';
import { holds, type Viewer } from '../viewer.js';
import { operatorOf } from './operators.js';
import type { IdKind } from '../../lib/ids.js';

/** Matches no row (ids are never empty). */
const NONE = { id: '' } as const;

type Confined = Exclude<Viewer, { kind: 'account_api_key' }>;

/**
 * The management scope a confined credential needs to read each type, or `account` for types
 * only account keys see. Keyed by GraphQL type name (every Node type of the schema).
 */
export const READ_SCOPE = {
  Account: 'own',
  Issuer: 'org:read',
  Organization: 'org:read',
  User: 'members:read',
  Agent: 'members:read',
  Membership: 'members:read',
  PersonalToken: 'members:read',
  Session: 'members:read',
  Invitation: 'invitations:read',
  ApiKey: 'api-keys:read',
  Event: 'events:read',
  Client: 'account',
  Resource: 'account',
  Grant: 'members:read',
  WebhookEndpoint: 'account',
  WebhookDelivery: 'account',
  Delegation: 'members:read',
} as const;

export type GovernedType = keyof typeof READ_SCOPE;

/** The organization a confined viewer may read `type` in, or null for none. */
function readableOrg(v: Confined, type: GovernedType): string | null {
  const scope = READ_SCOPE[type];
  if (scope === 'account' || scope === 'own') return null;
  return v.organizationId && holds(v, scope) ? v.organizationId : null;
}

/**
 * Whether a client is first party: registered by the account (not by a Client ID Metadata
 * Document or RFC 7591) and not marked third party. A third-party client's users consent to it,
 * and its tokens never act as the person's own sign-in (`ownSignIn`).
 */
export function firstPartyClient(client: { thirdParty: boolean; registrationType: string }): boolean {
  return !client.thirdParty && client.registrationType === 'registered';
}

/**
 * The person's own sign-in: a user token from a session, of a first-party client, not an agent
 * acting for the user. It alone has the self-service rights beside its scopes — seeing the user
 * themself, their sessions and consent grants, ending their sessions ("log out everywhere"),
 * revoking their grants, accepting their invitations. A third-party client's token (a CIMD or
 * registered tool the person consented to for some scopes) holds only those scopes: an app the
 * person let read their profile cannot list their devices, sign them out or cut other apps off.
 */
export function ownSignIn(v: Viewer): v is Extract<Viewer, { kind: 'access_token' }> & { sessionId: string } {
  return v.kind === 'access_token' && v.sessionId !== null && v.actorId === null && v.firstParty;
}

const ownSession = ownSignIn;

/**
 * The user a credential is the person's own interactive sign-in for, or null. (A personal token
 * acts as its user too, but only within its scopes: it sees what they grant, nothing more.)
 */
function selfOf(v: Confined): string | null {
  return ownSession(v) ? v.subject : null;
}

/**
 * The issuers whose objects an account-level viewer sees: the account's, except its system issuer
 * (the operators' own, managed only through the operator fields: domain/authorization/operators.ts).
 */
function tenantIssuers(v: Viewer): Prisma.IssuerWhereInput {
  return { accountId: v.accountId, system: false };
}

/**
 * The issuer whose events an account-level viewer may not read: the account's system issuer,
 * except for an owner operator (who manages operators and may audit that); null: none hidden.
 */
function hiddenIssuer(v: Extract<Viewer, { kind: 'account_api_key' }>): string | null {
  return operatorOf(v) === 'owner' ? null : v.systemIssuerId;
}

/** Row filters (Prisma `where`) of what the viewer may see, per type. */
export const visible = {
  account(v: Viewer): Prisma.AccountWhereInput {
    return { id: v.accountId };
  },
  issuer(v: Viewer): Prisma.IssuerWhereInput {
    if (v.kind === 'account_api_key') return tenantIssuers(v);
    return readableOrg(v, 'Issuer') ? { id: v.issuerId } : NONE;
  },
  organization(v: Viewer): Prisma.OrganizationWhereInput {
    if (v.kind === 'account_api_key') return { issuer: tenantIssuers(v) };
    const org = readableOrg(v, 'Organization');
    return org ? { id: org } : NONE;
  },
  /** Users who are members of the organization; and a person's own sign-in sees themself. */
  user(v: Viewer): Prisma.UserWhereInput {
    if (v.kind === 'account_api_key') return { issuer: tenantIssuers(v) };
    const org = readableOrg(v, 'User');
    const self = selfOf(v);
    const members: Prisma.UserWhereInput | null = org ? { memberships: { some: { organizationId: org } } } : null;
    if (self && members) return { OR: [{ id: self, issuerId: v.issuerId }, members] };
    if (self) return { id: self, issuerId: v.issuerId };
    return members ?? NONE;
  },
  agent(v: Viewer): Prisma.AgentWhereInput {
    if (v.kind === 'account_api_key') return { issuer: tenantIssuers(v) };
    const org = readableOrg(v, 'Agent');
    return org ? { memberships: { some: { organizationId: org } } } : NONE;
  },
  client(v: Viewer): Prisma.ClientWhereInput {
    return v.kind === 'account_api_key' ? { issuer: tenantIssuers(v) } : NONE;
  },
  /** An API of a tenant issuer: account-level viewers only (never the system issuer's). */
  resource(v: Viewer): Prisma.ResourceWhereInput {
    return v.kind === 'account_api_key' ? { issuer: tenantIssuers(v) } : NONE;
  },
  /**
   * A user's consents to clients: an account key all of its account's tenant issuers' (not the
   * operators' own); the user's own sign-in theirs; members:read those of the organization's members.
   */
  grant(v: Viewer): Prisma.GrantWhereInput {
    if (v.kind === 'account_api_key') return { user: { issuer: tenantIssuers(v) } };
    const self = selfOf(v);
    const org = readableOrg(v, 'Grant');
    const members: Prisma.GrantWhereInput | null = org ? { user: { memberships: { some: { organizationId: org } } } } : null;
    if (self && members) return { OR: [{ userId: self, issuerId: v.issuerId }, members] };
    if (self) return { userId: self, issuerId: v.issuerId };
    return members ?? NONE;
  },
  membership(v: Viewer): Prisma.MembershipWhereInput {
    if (v.kind === 'account_api_key') return { organization: { issuer: tenantIssuers(v) } };
    const org = readableOrg(v, 'Membership');
    return org ? { organizationId: org } : NONE;
  },
  /** A personal token acts in one organization: confined viewers see those acting in theirs. */
  personalToken(v: Viewer): Prisma.PersonalTokenWhereInput {
    if (v.kind === 'account_api_key') return { user: { issuer: tenantIssuers(v) } };
    const org = readableOrg(v, 'PersonalToken');
    return org ? { organizationId: org, user: { memberships: { some: { organizationId: org } } } } : NONE;
  },
  /** An account key all sessions; the user's own sign-in theirs; members:read those acting in the org. */
  session(v: Viewer): Prisma.SessionWhereInput {
    if (v.kind === 'account_api_key') return { issuer: tenantIssuers(v) };
    if (ownSession(v)) return { userId: v.subject, issuerId: v.issuerId };
    const org = readableOrg(v, 'Session');
    return org ? { organizationId: org } : NONE;
  },
  invitation(v: Viewer): Prisma.InvitationWhereInput {
    if (v.kind === 'account_api_key') return { organization: { issuer: tenantIssuers(v) } };
    const org = readableOrg(v, 'Invitation');
    return org ? { organizationId: org } : NONE;
  },
  apiKey(v: Viewer): Prisma.ApiKeyWhereInput {
    if (v.kind === 'account_api_key') return { accountId: v.accountId };
    const org = readableOrg(v, 'ApiKey');
    return org ? { organizationId: org } : NONE;
  },
  /**
   * An account's events; those of its system issuer (the operators' sign-ins, invitations,
   * addresses) only for an owner operator, who manages operators (`hiddenIssuer`).
   */
  event(v: Viewer): Prisma.EventWhereInput {
    if (v.kind === 'account_api_key') {
      const hidden = hiddenIssuer(v);
      return hidden ? { accountId: v.accountId, OR: [{ issuerId: null }, { issuerId: { not: hidden } }] } : { accountId: v.accountId };
    }
    const org = readableOrg(v, 'Event');
    return org ? { accountId: v.accountId, organizationId: org } : NONE;
  },
  webhookEndpoint(v: Viewer): Prisma.WebhookEndpointWhereInput {
    return v.kind === 'account_api_key' ? { accountId: v.accountId } : NONE;
  },
  webhookDelivery(v: Viewer): Prisma.WebhookDeliveryWhereInput {
    return v.kind === 'account_api_key' ? { endpoint: { accountId: v.accountId } } : NONE;
  },
  /**
   * An account key all of its account; the user's own sign-in the delegations made for them; an
   * agent acting for a user those naming it for that user; members:read those of the organization.
   */
  delegation(v: Viewer): Prisma.DelegationWhereInput {
    if (v.kind === 'account_api_key') return { accountId: v.accountId };
    const parts: Prisma.DelegationWhereInput[] = [];
    if (ownSession(v)) parts.push({ issuerId: v.issuerId, userId: v.subject });
    if (v.kind === 'access_token' && v.actorId !== null && v.sessionId !== null)
      parts.push({ issuerId: v.issuerId, userId: v.subject, agentId: v.actorId });
    const org = readableOrg(v, 'Delegation');
    if (org) parts.push({ accountId: v.accountId, organizationId: org });
    return parts.length ? { OR: parts } : NONE;
  },
} as const;

/** Child tables paged by the batched keyset connections (graphql/keyset.ts). */
export type ChildKind = Extract<
  IdKind,
  | 'organization'
  | 'user'
  | 'agent'
  | 'client'
  | 'membership'
  | 'invitation'
  | 'apiKey'
  | 'session'
  | 'webhookDelivery'
  | 'resource'
  | 'grant'
>;

const FALSE = Prisma.sql`FALSE`;
const TRUE = Prisma.sql`TRUE`;

/**
 * The `visible` rule of a child kind as SQL on the child alias `c`. Children are only ever paged
 * under a parent the viewer can see, so for account keys the account is implied by the parent.
 */
export function visibleSql(kind: ChildKind, v: Viewer): Prisma.Sql {
  if (v.kind === 'account_api_key') {
    // the parent is visible and every child shares its account, except sessions (own rule)
    return TRUE;
  }
  switch (kind) {
    case 'organization': {
      const org = readableOrg(v, 'Organization');
      return org ? Prisma.sql`c.id = ${org}` : FALSE;
    }
    case 'user': {
      const org = readableOrg(v, 'User');
      const self = selfOf(v);
      const parts: Prisma.Sql[] = [];
      if (self) parts.push(Prisma.sql`(c.id = ${self} AND c."issuerId" = ${v.issuerId})`);
      if (org) parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = c.id AND m."organizationId" = ${org})`);
      return parts.length ? Prisma.sql`(${Prisma.join(parts, ' OR ')})` : FALSE;
    }
    case 'agent': {
      const org = readableOrg(v, 'Agent');
      return org ? Prisma.sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."agentId" = c.id AND m."organizationId" = ${org})` : FALSE;
    }
    case 'membership': {
      const org = readableOrg(v, 'Membership');
      return org ? Prisma.sql`c."organizationId" = ${org}` : FALSE;
    }
    case 'invitation': {
      const org = readableOrg(v, 'Invitation');
      return org ? Prisma.sql`c."organizationId" = ${org}` : FALSE;
    }
    case 'apiKey': {
      const org = readableOrg(v, 'ApiKey');
      return org ? Prisma.sql`c."organizationId" = ${org}` : FALSE;
    }
    case 'session': {
      if (ownSession(v)) return Prisma.sql`c."userId" = ${v.subject} AND c."issuerId" = ${v.issuerId}`;
      const org = readableOrg(v, 'Session');
      return org ? Prisma.sql`c."organizationId" = ${org}` : FALSE;
    }
    case 'grant': {
      const self = selfOf(v);
      const org = readableOrg(v, 'Grant');
      const parts: Prisma.Sql[] = [];
      if (self) parts.push(Prisma.sql`(c."userId" = ${self} AND c."issuerId" = ${v.issuerId})`);
      if (org) parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = c."userId" AND m."organizationId" = ${org})`);
      return parts.length ? Prisma.sql`(${Prisma.join(parts, ' OR ')})` : FALSE;
    }
    case 'client':
    case 'resource':
    case 'webhookDelivery':
      return FALSE;
  }
}

/** The fields of an event the stream rule reads. */
export interface EventScope {
  accountId: string;
  issuerId: string | null;
  organizationId: string | null;
}

/** `visible.event` as a predicate, for events already in memory (live streams). */
export function canReadEvent(v: Viewer, e: EventScope): boolean {
  if (e.accountId !== v.accountId) return false;
  if (v.kind === 'account_api_key') return e.issuerId === null || e.issuerId !== hiddenIssuer(v);
  const org = readableOrg(v, 'Event');
  return org !== null && e.organizationId === org;
}

/** `visible.event` as SQL on the outbox alias `e` (stream replays). */
export function eventSql(v: Viewer): Prisma.Sql {
  if (v.kind === 'account_api_key') {
    const hidden = hiddenIssuer(v);
    return hidden
      ? Prisma.sql`e."accountId" = ${v.accountId} AND (e."issuerId" IS NULL OR e."issuerId" <> ${hidden})`
      : Prisma.sql`e."accountId" = ${v.accountId}`;
  }
  const org = readableOrg(v, 'Event') ?? '';
  return Prisma.sql`e."accountId" = ${v.accountId} AND e."organizationId" = ${org}`;
}

/**
 * Refuses a schema with a Node type the kernel has no rule for: a new type must decide who sees
 * it before the server starts. `nodeTypes` are the names of the types implementing `Node`.
 * @throws Error naming the ungoverned types
 */
export function assertEveryNodeIsGoverned(nodeTypes: readonly string[]): void {
  const missing = nodeTypes.filter((name) => !(name in READ_SCOPE));
  if (missing.length) throw new Error(`No visibility rule in domain/authorization/visibility.ts for Node type(s): ${missing.join(', ')}`);
}

/**
 * Tenancy without read scopes, for the write paths of the domain: the objects a change may touch
 * (the write scope itself is checked at the API edge, attenuation in ./attenuation.ts).
 */
export const reachable = {
  organization(v: Viewer): Prisma.OrganizationWhereInput {
    return v.kind === 'account_api_key' ? { issuer: tenantIssuers(v) } : { id: v.organizationId ?? '' };
  },
  membership(v: Viewer): Prisma.MembershipWhereInput {
    return v.kind === 'account_api_key' ? { organization: { issuer: tenantIssuers(v) } } : { organizationId: v.organizationId ?? '' };
  },
  invitation(v: Viewer): Prisma.InvitationWhereInput {
    return v.kind === 'account_api_key' ? { organization: { issuer: tenantIssuers(v) } } : { organizationId: v.organizationId ?? '' };
  },
  /** Users a change may name: the account's; for confined credentials only members of their organization. */
  user(v: Viewer): Prisma.UserWhereInput {
    return v.kind === 'account_api_key'
      ? { issuer: tenantIssuers(v) }
      : { memberships: { some: { organizationId: v.organizationId ?? '' } } };
  },
  agent(v: Viewer): Prisma.AgentWhereInput {
    return v.kind === 'account_api_key'
      ? { issuer: tenantIssuers(v) }
      : { memberships: { some: { organizationId: v.organizationId ?? '' } } };
  },
} as const;
