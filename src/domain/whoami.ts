/**
 * "Who am I" for any credential (GET /v1/me and `query { viewer }`): what it is, and the
 * organizations it acts in with the scopes it holds there. Like AWS STS GetCallerIdentity: the
 * caller's API forwards the credential and enforces the returned scopes.
 * @module
 */
import { idKind } from '../lib/ids.js';
import type { PrismaClient } from '../data/database.js';
import type { Viewer } from './viewer.js';

export interface WhoamiOrganization {
  organizationId: string;
  /** the organization's status: a suspended one grants no scopes */
  status: 'active' | 'suspended';
  /** the membership's status, for users and agents acting through a membership */
  membershipStatus: 'active' | 'suspended' | null;
  scopes: string[];
}

export interface Whoami {
  /** api_key (account or organization key), personal_token or access_token */
  type: 'api_key' | 'personal_token' | 'access_token';
  id: string;
  keyType: 'account' | 'organization' | null;
  accountId: string;
  issuerId: string | null;
  /** who the credential acts as: a user (usr_), client (c_) or agent (agt_); null for API keys */
  subject: string | null;
  clientId: string | null;
  scopes: string[];
  expiresAt: Date | null;
  organizations: WhoamiOrganization[];
}

/** What the caller already knows, which spares `describeViewer` reads (see there). */
export interface WhoamiKnown {
  /** an organization key's organization status as the verified key row holds it */
  organizationStatus?: 'active' | 'suspended';
  /**
   * Whether the organization is active in that issuer, from a cache invalidated through the bus
   * (the principal directory's `activeOrganization`); only a true answer is trusted, anything
   * else reads the row.
   */
  activeOrganization?: (issuerId: string, organizationId: string) => Promise<boolean>;
}

/**
 * Describes `viewer`. `known` spares reads: an organization key's organization status from its
 * verified key row; an active organization of a token from the cached lookup. An M2M client's
 * token (`sub` c_) never has a membership, so none is read for it.
 */
export async function describeViewer(prisma: PrismaClient, viewer: Viewer, known: WhoamiKnown = {}): Promise<Whoami> {
  const base = { accountId: viewer.accountId, expiresAt: null, clientId: null, subject: null };
  switch (viewer.kind) {
    case 'account_api_key':
      // an operator's console sign-in: an access token acting at account level (no organization)
      if (viewer.operator)
        return {
          ...base,
          type: 'access_token',
          id: viewer.credentialId,
          keyType: null,
          issuerId: viewer.operator.issuerId,
          clientId: viewer.operator.clientId,
          subject: viewer.operator.userId,
          expiresAt: viewer.restrictions.expiresAt,
          scopes: viewer.operator.claimedScopes,
          organizations: [],
        };
      return { ...base, type: 'api_key', id: viewer.credentialId, keyType: 'account', issuerId: null, scopes: [], organizations: [] };
    case 'organization_api_key': {
      const org = known.organizationStatus
        ? { status: known.organizationStatus }
        : await prisma.organization.findUnique({ where: { id: viewer.organizationId }, select: { status: true } });
      return {
        ...base,
        type: 'api_key',
        id: viewer.credentialId,
        keyType: 'organization',
        issuerId: viewer.issuerId,
        scopes: viewer.scopes,
        organizations: org
          ? [{ organizationId: viewer.organizationId, status: org.status, membershipStatus: null, scopes: viewer.scopes }]
          : [],
      };
    }
    case 'personal_token':
    case 'access_token': {
      const subject = viewer.kind === 'personal_token' ? viewer.userId : viewer.subject;
      const organizations: WhoamiOrganization[] = [];
      if (viewer.organizationId) {
        const organizationId = viewer.organizationId;
        const membership =
          idKind(subject) === 'client'
            ? null
            : await prisma.membership.findFirst({
                where: { organizationId, OR: [{ userId: subject }, { agentId: subject }] },
                select: { status: true, organization: { select: { status: true } } },
              });
        const org =
          membership?.organization ??
          ((await known.activeOrganization?.(viewer.issuerId, organizationId))
            ? { status: 'active' as const }
            : await prisma.organization.findUnique({ where: { id: organizationId }, select: { status: true } }));
        if (org)
          organizations.push({
            organizationId: viewer.organizationId,
            status: org.status,
            membershipStatus: membership?.status ?? null,
            scopes: viewer.scopes,
          });
      }
      return {
        ...base,
        type: viewer.kind,
        id: viewer.credentialId,
        keyType: null,
        issuerId: viewer.issuerId,
        subject,
        clientId: viewer.kind === 'access_token' ? viewer.clientId : null,
        scopes: viewer.scopes,
        expiresAt: viewer.kind === 'access_token' ? viewer.expiresAt : null,
        organizations,
      };
    }
  }
}

/** The REST shape of GET /v1/me (snake_case, as the seeds' SDKs read it). */
export function whoamiJson(w: Whoami) {
  return {
    data: {
      type: w.type,
      id: w.id,
      key_type: w.keyType,
      account_id: w.accountId,
      issuer_id: w.issuerId,
      subject: w.subject,
      client_id: w.clientId,
      scopes: w.scopes,
      expires_at: w.expiresAt ? Math.floor(w.expiresAt.getTime() / 1000) : null,
      organizations: w.organizations.map((o) => ({
        org_id: o.organizationId,
        status: o.status,
        membership_status: o.membershipStatus,
        scopes: o.scopes,
      })),
    },
  };
}
