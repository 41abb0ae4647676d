/**
 * Row-level tenancy: the Prisma `where` fragments that confine every read to what the viewer may
 * see. Account keys see their account. A credential confined to an organization sees only that
 * organization's objects, and only those its management scopes allow reading. Everything else
 * is filtered out, so it looks exactly like a missing object.
 * @module
 */
import type { Prisma } from '../generated/prisma/client.js';
import { holds, type Viewer } from './viewer.js';

/** Matches no row (ids are never empty). */
const NONE = { id: '' } as const;

/** The organization a confined viewer may read objects of with `scope`, or null for none. */
function readableOrg(v: Exclude<Viewer, { kind: 'account_api_key' }>, scope: string): string | null {
  return v.organizationId && holds(v, scope) ? v.organizationId : null;
}

export const visible = {
  issuer(v: Viewer): Prisma.IssuerWhereInput {
    if (v.kind === 'account_api_key') return { accountId: v.accountId };
    return readableOrg(v, 'org:read') ? { id: v.issuerId } : NONE;
  },
  organization(v: Viewer): Prisma.OrganizationWhereInput {
    if (v.kind === 'account_api_key') return { issuer: { accountId: v.accountId } };
    const org = readableOrg(v, 'org:read');
    return org ? { id: org } : NONE;
  },
  user(v: Viewer): Prisma.UserWhereInput {
    if (v.kind === 'account_api_key') return { issuer: { accountId: v.accountId } };
    const org = readableOrg(v, 'members:read');
    return org ? { memberships: { some: { organizationId: org } } } : NONE;
  },
  agent(v: Viewer): Prisma.AgentWhereInput {
    if (v.kind === 'account_api_key') return { issuer: { accountId: v.accountId } };
    const org = readableOrg(v, 'members:read');
    return org ? { memberships: { some: { organizationId: org } } } : NONE;
  },
  client(v: Viewer): Prisma.ClientWhereInput {
    if (v.kind === 'account_api_key') return { issuer: { accountId: v.accountId } };
    return NONE;
  },
  membership(v: Viewer): Prisma.MembershipWhereInput {
    if (v.kind === 'account_api_key') return { organization: { issuer: { accountId: v.accountId } } };
    const org = readableOrg(v, 'members:read');
    return org ? { organizationId: org } : NONE;
  },
  invitation(v: Viewer): Prisma.InvitationWhereInput {
    if (v.kind === 'account_api_key') return { organization: { issuer: { accountId: v.accountId } } };
    const org = readableOrg(v, 'invitations:read');
    return org ? { organizationId: org } : NONE;
  },
  apiKey(v: Viewer): Prisma.ApiKeyWhereInput {
    if (v.kind === 'account_api_key') return { accountId: v.accountId };
    const org = readableOrg(v, 'api-keys:read');
    return org ? { organizationId: org } : NONE;
  },
  event(v: Viewer): Prisma.EventWhereInput {
    if (v.kind === 'account_api_key') return { accountId: v.accountId };
    const org = readableOrg(v, 'events:read');
    return org ? { organizationId: org } : NONE;
  },
  /** Webhooks are managed with account keys only, for now. */
  webhookEndpoint(v: Viewer): Prisma.WebhookEndpointWhereInput {
    return v.kind === 'account_api_key' ? { accountId: v.accountId } : NONE;
  },
  webhookDelivery(v: Viewer): Prisma.WebhookDeliveryWhereInput {
    return v.kind === 'account_api_key' ? { endpoint: { accountId: v.accountId } } : NONE;
  },
} as const;

/**
 * For child connections under a visible parent: the organization a confined viewer's rows must
 * belong to (`undefined`: no restriction, account keys).
 */
export function childOrganization(v: Viewer): string | undefined {
  return v.kind === 'account_api_key' ? undefined : (v.organizationId ?? '');
}

/**
 * Tenancy without read scopes, for the write paths of the domain: the objects a change may touch
 * (the write scope itself is checked at the API edge).
 */
export const reachable = {
  organization(v: Viewer): Prisma.OrganizationWhereInput {
    return v.kind === 'account_api_key' ? { issuer: { accountId: v.accountId } } : { id: v.organizationId ?? '' };
  },
  membership(v: Viewer): Prisma.MembershipWhereInput {
    return v.kind === 'account_api_key' ? { organization: { issuer: { accountId: v.accountId } } } : { organizationId: v.organizationId ?? '' };
  },
  invitation(v: Viewer): Prisma.InvitationWhereInput {
    return v.kind === 'account_api_key' ? { organization: { issuer: { accountId: v.accountId } } } : { organizationId: v.organizationId ?? '' };
  },
} as const;
