/**
 * Event payloads: the `data` of every event type, built from an explicit allowlist. An event's
 * `data` is a contract with webhook consumers (it is the CloudEvents `data` of each delivery) and
 * with readers of the `events` query and stream, so it is never a database row minus a denylist:
 * a new column reaches no payload until someone adds it here, and a renamed column breaks the
 * typecheck here instead of the consumers.
 *
 * - `EventPayloads` names the shape of each type's `data`; `EVENT_PAYLOADS` holds, for every
 *   event type, the function that builds it from the rows or inputs at hand. The mapped type makes
 *   a new event type without a builder a type error, and test/event-payloads.test.ts fails too.
 * - Shapes: object fields are the public fields of the object (those the Core API schema shows)
 *   plus the ids it belongs to; dates are ISO 8601 strings; JSON fields (`metadata`,
 *   `customFields`) are copied as given. Secrets never appear: no hash, no sealed value, no token.
 * - Call sites: `data: eventData('organization.created', { organization, domains })`.
 * @module
 */
import type {
  Agent,
  AgentVerifier,
  ApiKey,
  Client,
  Grant,
  Invitation,
  Issuer,
  Membership,
  Organization,
  PersonalToken,
  Prisma,
  Resource,
  Session,
  User,
  WebhookEndpoint,
} from '../generated/prisma/client.js';
import type { EventPayload, EventType } from './events.js';

type Json = Prisma.InputJsonValue | null;
/** An ISO 8601 date-time, e.g. `2026-11-29T19:50:23.000Z`. */
type IsoDate = string;

const iso = (d: Date): IsoDate => d.toISOString();
const isoOrNull = (d: Date | null): IsoDate | null => (d ? d.toISOString() : null);
const json = (v: Prisma.JsonValue): Json => v as Json;

// ——— Object shapes ———————————————————————————————————————————————————————————————

/** An issuer (`i_…`): its name and token/session policy. */
export interface IssuerData {
  id: string;
  accountId: string;
  name: string;
  signingAlg: string;
  accessTokenTtlSeconds: number;
  sessionIdleTimeoutSeconds: number;
  sessionAbsoluteLifetimeSeconds: number;
  mfaPolicy: string;
  dynamicRegistrationEnabled: boolean;
  clientMetadataDocumentDomains: string[];
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function issuerData(i: Issuer): IssuerData {
  return {
    id: i.id,
    accountId: i.accountId,
    name: i.name,
    signingAlg: i.signingAlg,
    accessTokenTtlSeconds: i.accessTokenTtlSeconds,
    sessionIdleTimeoutSeconds: i.sessionIdleTimeoutSeconds,
    sessionAbsoluteLifetimeSeconds: i.sessionAbsoluteLifetimeSeconds,
    mfaPolicy: i.mfaPolicy,
    dynamicRegistrationEnabled: i.dynamicRegistrationEnabled,
    clientMetadataDocumentDomains: i.clientMetadataDocumentDomains,
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
  };
}

/** A client (`c_…`): registration metadata; `secretPrefix` is the shown prefix, never the secret. */
export interface ClientData {
  id: string;
  issuerId: string;
  name: string;
  type: string;
  confidential: boolean;
  secretPrefix: string | null;
  previousSecretExpiresAt: IsoDate | null;
  tokenEndpointAuthMethod: string;
  applicationType: string;
  grantTypes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedOrigins: string[];
  scopes: string[];
  /** the client's public JWK Set (private_key_jwt), or null */
  jwks: Json;
  accessTokenTtlSeconds: number | null;
  idTokenSignedResponseAlg: string | null;
  /** RFC 9449 §5.2: every token request must carry a DPoP proof */
  dpopBoundAccessTokens: boolean;
  organizationId: string | null;
  metadata: Json;
  /** registered | metadata_document (CIMD) | dynamic (RFC 7591) */
  registrationType: string;
  /** the Client ID Metadata Document URL (the client_id on the wire), or null */
  metadataDocumentUrl: string | null;
  thirdParty: boolean;
  blockedAt: IsoDate | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function clientData(c: Client): ClientData {
  return {
    id: c.id,
    issuerId: c.issuerId,
    name: c.name,
    type: c.type,
    confidential: c.confidential,
    secretPrefix: c.secretPrefix,
    previousSecretExpiresAt: isoOrNull(c.previousSecretExpiresAt),
    tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
    applicationType: c.applicationType,
    grantTypes: c.grantTypes,
    redirectUris: c.redirectUris,
    postLogoutRedirectUris: c.postLogoutRedirectUris,
    allowedOrigins: c.allowedOrigins,
    scopes: c.scopes,
    jwks: json(c.jwks),
    accessTokenTtlSeconds: c.accessTokenTtlSeconds,
    idTokenSignedResponseAlg: c.idTokenSignedResponseAlg,
    dpopBoundAccessTokens: c.dpopBoundAccessTokens,
    organizationId: c.organizationId,
    metadata: json(c.metadata),
    registrationType: c.registrationType,
    metadataDocumentUrl: c.metadataDocumentUrl,
    thirdParty: c.thirdParty,
    blockedAt: isoOrNull(c.blockedAt),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

/** An organization (`org_…`). */
export interface OrganizationData {
  id: string;
  issuerId: string;
  name: string;
  slug: string;
  orgType: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  customFields: Json;
  metadata: Json;
  memberLimit: number | null;
  status: string;
  defaultMemberScopes: string[];
  ssoOnly: boolean;
  mfaPolicy: string;
  suspendedAt: IsoDate | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function organizationData(o: Organization): OrganizationData {
  return {
    id: o.id,
    issuerId: o.issuerId,
    name: o.name,
    slug: o.slug,
    orgType: o.orgType,
    contactEmail: o.contactEmail,
    contactPhone: o.contactPhone,
    customFields: json(o.customFields),
    metadata: json(o.metadata),
    memberLimit: o.memberLimit,
    status: o.status,
    defaultMemberScopes: o.defaultMemberScopes,
    ssoOnly: o.ssoOnly,
    mfaPolicy: o.mfaPolicy,
    suspendedAt: isoOrNull(o.suspendedAt),
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
  };
}

/** A membership (`mem_…`) of a user or an agent (exactly one of `userId`, `agentId` is set). */
export interface MembershipData {
  id: string;
  organizationId: string;
  userId: string | null;
  agentId: string | null;
  scopes: string[];
  title: string | null;
  metadata: Json;
  status: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function membershipData(m: Membership): MembershipData {
  return {
    id: m.id,
    organizationId: m.organizationId,
    userId: m.userId,
    agentId: m.agentId,
    scopes: m.scopes,
    title: m.title,
    metadata: json(m.metadata),
    status: m.status,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
  };
}

/** An invitation (`inv_…`); the invitation token is never in it. */
export interface InvitationData {
  id: string;
  organizationId: string;
  email: string;
  scopes: string[];
  status: string;
  expiresAt: IsoDate;
  acceptedAt: IsoDate | null;
  acceptedByUserId: string | null;
  revokedAt: IsoDate | null;
  /** the credential that created this invitation (its revocation revokes this one while pending); null: made before lineage was recorded */
  createdBy: string | null;
  createdAt: IsoDate;
}

export function invitationData(i: Invitation): InvitationData {
  return {
    id: i.id,
    organizationId: i.organizationId,
    email: i.email,
    scopes: i.scopes,
    status: i.status,
    expiresAt: iso(i.expiresAt),
    acceptedAt: isoOrNull(i.acceptedAt),
    acceptedByUserId: i.acceptedByUserId,
    revokedAt: isoOrNull(i.revokedAt),
    createdBy: i.createdById,
    createdAt: iso(i.createdAt),
  };
}

/** A user (`usr_…`): profile and status; no credential material, no sign-in counters. */
export interface UserData {
  id: string;
  issuerId: string;
  usernameType: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  metadata: Json;
  status: string;
  lockedUntil: IsoDate | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function userData(u: User): UserData {
  return {
    id: u.id,
    issuerId: u.issuerId,
    usernameType: u.usernameType,
    username: u.username,
    email: u.email,
    emailVerified: u.emailVerified,
    firstName: u.firstName,
    lastName: u.lastName,
    metadata: json(u.metadata),
    status: u.status,
    lockedUntil: isoOrNull(u.lockedUntil),
    createdAt: iso(u.createdAt),
    updatedAt: iso(u.updatedAt),
  };
}

/** An agent (`agt_…`). */
export interface AgentData {
  id: string;
  issuerId: string;
  name: string;
  description: string | null;
  scopes: string[];
  status: string;
  metadata: Json;
  /** RFC 9449 §5.2: every token request must carry a DPoP proof */
  dpopBoundAccessTokens: boolean;
  /** the credential that created it (its revocation revokes this one) */
  createdBy: string | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function agentData(a: Agent): AgentData {
  return {
    id: a.id,
    issuerId: a.issuerId,
    name: a.name,
    description: a.description,
    scopes: a.scopes,
    status: a.status,
    metadata: json(a.metadata),
    dpopBoundAccessTokens: a.dpopBoundAccessTokens,
    createdBy: a.createdById,
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}

/** An agent verifier: a secret (only its shown prefix here) or a public JWK. */
export interface AgentVerifierData {
  id: string;
  agentId: string;
  type: string;
  secretPrefix: string | null;
  publicJwk: Json;
  status: string;
  /** the credential that created it (its revocation revokes this one) */
  createdBy: string | null;
  createdAt: IsoDate;
  revokedAt: IsoDate | null;
}

export function agentVerifierData(v: AgentVerifier): AgentVerifierData {
  return {
    id: v.id,
    agentId: v.agentId,
    type: v.type,
    secretPrefix: v.secretPrefix,
    publicJwk: json(v.publicJwk),
    status: v.status,
    createdBy: v.createdById,
    createdAt: iso(v.createdAt),
    revokedAt: isoOrNull(v.revokedAt),
  };
}

/** Guessing suspected: who was guessed at (client, agent or API key id, or a username), from where, and how much. */
export interface GuessingSuspectedData {
  identifier: string;
  /** the caller's address as resolved through trusted proxies (null when unknown) */
  sourceAddress: string | null;
  /** `identifier`: this identifier from this address; `address`: this address, any identifiers */
  scope: 'identifier' | 'address';
  /** failures counted in the window when it tripped */
  failures: number;
  limit: number;
  windowSeconds: number;
}

/** On a revocation reached through credential lineage: the credential whose revocation caused it. */
export interface Cause {
  cause?: { revokedWith: string | null };
}

/** A delegation row as events carry it. */
export interface DelegationRow {
  id: string;
  userId: string;
  agentId: string;
  parentId: string | null;
  organizationId: string | null;
  scopes: string[];
  authorizationDetails: unknown;
  source: string;
  status: string;
  expiresAt: Date;
}
/** One hop of a delegation chain, user first: who delegated to which agent. */
export interface DelegationLink {
  id: string;
  agentId: string;
}
/** `data` of delegation events: the delegation, `exp` (seconds), and the whole chain from the user to this agent. */
interface DelegationData {
  id: string;
  userId: string;
  agentId: string;
  parentId: string | null;
  organizationId: string | null;
  scopes: string[];
  authorizationDetails: unknown;
  source: string;
  status: string;
  expiresAt: IsoDate;
  exp: number;
  chain: DelegationLink[];
}
const delegationData = (d: DelegationRow, chain: DelegationLink[]): DelegationData => ({
  id: d.id,
  userId: d.userId,
  agentId: d.agentId,
  parentId: d.parentId,
  organizationId: d.organizationId,
  scopes: d.scopes,
  authorizationDetails: d.authorizationDetails,
  source: d.source,
  status: d.status,
  expiresAt: iso(d.expiresAt),
  exp: Math.floor(d.expiresAt.getTime() / 1000),
  chain: chain.map((l) => ({ id: l.id, agentId: l.agentId })),
});
/** A CIBA request as events carry it (never the auth_req_id, nor the notification token). */
export interface ApprovalRow {
  id: string;
  clientId: string;
  userId: string;
  scope: string;
  authorizationDetails: unknown;
  bindingMessage: string | null;
  deliveryMode: string;
  status: string;
  expiresAt: Date;
  decidedAt: Date | null;
  delegationId: string | null;
}
interface ApprovalData {
  id: string;
  clientId: string;
  userId: string;
  scope: string;
  authorizationDetails: unknown;
  bindingMessage: string | null;
  deliveryMode: string;
  status: string;
  expiresAt: IsoDate;
  decidedAt: IsoDate | null;
  delegationId: string | null;
}
const approvalData = (r: ApprovalRow): ApprovalData => ({
  id: r.id,
  clientId: r.clientId,
  userId: r.userId,
  scope: r.scope,
  authorizationDetails: r.authorizationDetails,
  bindingMessage: r.bindingMessage,
  deliveryMode: r.deliveryMode,
  status: r.status,
  expiresAt: iso(r.expiresAt),
  decidedAt: r.decidedAt ? iso(r.decidedAt) : null,
  delegationId: r.delegationId,
});

const causeOf = (revokedWith: string | null | undefined): Cause => (revokedWith === undefined ? {} : { cause: { revokedWith } });

/** An API key (`key_…`): account key when `organizationId` is null; `prefix` is the shown prefix. */
export interface ApiKeyData {
  id: string;
  accountId: string;
  organizationId: string | null;
  name: string;
  prefix: string;
  scopes: string[];
  ipAllowlist: string[];
  rateLimit: number | null;
  rateLimitWindowSeconds: number | null;
  expiresAt: IsoDate | null;
  lastUsedAt: IsoDate | null;
  status: string;
  revokedAt: IsoDate | null;
  /** the credential that created this key (its revocation revokes this one), null: bootstrap or offline recovery */
  createdBy: string | null;
  createdAt: IsoDate;
}

export function apiKeyData(k: ApiKey): ApiKeyData {
  return {
    id: k.id,
    accountId: k.accountId,
    organizationId: k.organizationId,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    ipAllowlist: k.ipAllowlist,
    rateLimit: k.rateLimit,
    rateLimitWindowSeconds: k.rateLimitWindowSeconds,
    expiresAt: isoOrNull(k.expiresAt),
    lastUsedAt: isoOrNull(k.lastUsedAt),
    status: k.status,
    revokedAt: isoOrNull(k.revokedAt),
    createdBy: k.createdById,
    createdAt: iso(k.createdAt),
  };
}

/** A personal token (`ptk_…`); `prefix` is the shown prefix. */
export interface PersonalTokenData {
  id: string;
  userId: string;
  organizationId: string | null;
  name: string;
  prefix: string;
  scopes: string[];
  ipAllowlist: string[];
  rateLimit: number | null;
  rateLimitWindowSeconds: number | null;
  expiresAt: IsoDate | null;
  lastUsedAt: IsoDate | null;
  status: string;
  revokedAt: IsoDate | null;
  /** the credential that created this token (its revocation revokes this one) */
  createdBy: string | null;
  createdAt: IsoDate;
}

export function personalTokenData(t: PersonalToken): PersonalTokenData {
  return {
    id: t.id,
    userId: t.userId,
    organizationId: t.organizationId,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    ipAllowlist: t.ipAllowlist,
    rateLimit: t.rateLimit,
    rateLimitWindowSeconds: t.rateLimitWindowSeconds,
    expiresAt: isoOrNull(t.expiresAt),
    lastUsedAt: isoOrNull(t.lastUsedAt),
    status: t.status,
    revokedAt: isoOrNull(t.revokedAt),
    createdBy: t.createdById,
    createdAt: iso(t.createdAt),
  };
}

/** A sign-in session (`s_…`) with its device; `sessionId` repeats `id` (kept for consumers). */
export interface SessionData {
  id: string;
  sessionId: string;
  issuerId: string;
  userId: string;
  clientId: string | null;
  organizationId: string | null;
  userAgent: string | null;
  ip: string | null;
  amr: string[];
  status: string;
  authTime: IsoDate;
  createdAt: IsoDate;
  lastSeenAt: IsoDate;
  expiresAt: IsoDate;
  revokedAt: IsoDate | null;
  revokedReason: string | null;
}

export function sessionData(s: Session): SessionData {
  return {
    id: s.id,
    sessionId: s.id,
    issuerId: s.issuerId,
    userId: s.userId,
    clientId: s.clientId,
    organizationId: s.organizationId,
    userAgent: s.userAgent,
    ip: s.ip,
    amr: s.amr,
    status: s.status,
    authTime: iso(s.authTime),
    createdAt: iso(s.createdAt),
    lastSeenAt: iso(s.lastSeenAt),
    expiresAt: iso(s.expiresAt),
    revokedAt: isoOrNull(s.revokedAt),
    revokedReason: s.revokedReason,
  };
}

/** A webhook endpoint (`wh_…`); its signing secrets are never in it. */
export interface WebhookEndpointData {
  id: string;
  accountId: string;
  issuerId: string | null;
  organizationId: string | null;
  url: string;
  description: string | null;
  eventTypes: string[];
  previousSecretExpiresAt: IsoDate | null;
  status: string;
  disabledAt: IsoDate | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  failingSince: IsoDate | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function webhookEndpointData(w: WebhookEndpoint): WebhookEndpointData {
  return {
    id: w.id,
    accountId: w.accountId,
    issuerId: w.issuerId,
    organizationId: w.organizationId,
    url: w.url,
    description: w.description,
    eventTypes: w.eventTypes,
    previousSecretExpiresAt: isoOrNull(w.previousSecretExpiresAt),
    status: w.status,
    disabledAt: isoOrNull(w.disabledAt),
    disabledReason: w.disabledReason,
    consecutiveFailures: w.consecutiveFailures,
    failingSince: isoOrNull(w.failingSince),
    createdAt: iso(w.createdAt),
    updatedAt: iso(w.updatedAt),
  };
}

// ——— Event-specific shapes ——————————————————————————————————————————————————————————

/** `token.issued` (metered): one access token minted at the token endpoint. */
export interface TokenIssuedData {
  /** `client_credentials`, `authorization_code`, `refresh_token` or the token-exchange URN */
  grantType: string;
  principalType: 'client' | 'agent' | 'user';
  /** the client or agent the token was issued to (`client_id`) */
  clientId: string;
  /** how that client authenticated (RFC 7591 `token_endpoint_auth_method` names) */
  authMethod: string;
  /** the user (user tokens, token exchange) */
  userId?: string;
  /** the acting agent (token exchange) */
  agentId?: string;
  /** the user's session (`sid`) */
  sessionId?: string;
  /** token exchange: the subject token's `jti` */
  subjectTokenJti?: string | null;
  jti: string;
  kid: string;
  /** the token's `aud`: one value, or several RFC 8707 resources */
  audience: string | string[];
  scope: string[];
  /** delegated tokens: the delegation ids the token rests on, user first */
  delegations?: string[];
  /** delegated tokens: every actor of the chain, the first agent first and the current one last */
  actors?: string[];
  /** RFC 9396 authorization_details the token carries (CIBA) */
  authorizationDetails?: unknown[];
  /** user tokens: whether an ID token / a refresh token came with it (never the tokens) */
  idToken?: boolean;
  refreshToken?: boolean;
  expiresAt: IsoDate;
}

/** `token.revoked`: an access token revoked at `POST /{issuer}/revoke` (RFC 7009), refused until `exp`. */
export interface TokenRevokedData {
  jti: string;
  client_id: string;
  sub: string;
  /** the token's `exp` (seconds since the epoch): it is refused until then, and harmless after */
  exp: number;
  /** the kind of token revoked: always `access_token` (refresh tokens end their session: `session.revoked`) */
  token_type_hint: 'access_token';
}

/** `api-key.verified` (metered): a credential was accepted. */
export interface CredentialVerifiedData {
  /** the viewer kind: account_api_key, org_api_key, personal_token, access_token */
  credentialType: string;
  /** where: `GET /v1/me`, `query viewer`, … */
  via: string;
}

/** The bootstrap admin key, created on first start with no request behind it. */
/** The data of an account key minted by offline recovery (no key row is read; only these fields). */
export interface RecoveryKeyData {
  id: string;
  name: string;
  organizationId: null;
  via: 'recovery';
}

export interface BootstrapKeyData {
  id: string;
  name: string;
  organizationId: null;
  /** whether its secret came from AUTHGRAPH_ADMIN_KEY (else generated and printed once) */
  seeded: boolean;
}

/** A resource (`res_…`): an API or MCP server whose tokens the issuer mints (RFC 8707 identifier = audience). */
export interface ResourceData {
  id: string;
  issuerId: string;
  name: string;
  identifier: string;
  scopes: string[];
  accessTokenTtlSeconds: number | null;
  dpopRequired: boolean;
  singleUseApprovalTokens: boolean;
  isMcpServer: boolean;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function resourceData(r: Resource): ResourceData {
  return {
    id: r.id,
    issuerId: r.issuerId,
    name: r.name,
    identifier: r.identifier,
    scopes: r.scopes,
    accessTokenTtlSeconds: r.accessTokenTtlSeconds,
    dpopRequired: r.dpopRequired,
    singleUseApprovalTokens: r.singleUseApprovalTokens,
    isMcpServer: r.isMcpServer,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** A grant (`grt_…`): a user's remembered consent to a client (scopes and resources granted so far). */
export interface GrantData {
  id: string;
  issuerId: string;
  userId: string;
  clientId: string;
  scopes: string[];
  resources: string[];
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export function grantData(g: Grant): GrantData {
  return {
    id: g.id,
    issuerId: g.issuerId,
    userId: g.userId,
    clientId: g.clientId,
    scopes: g.scopes,
    resources: g.resources,
    createdAt: iso(g.createdAt),
    updatedAt: iso(g.updatedAt),
  };
}

/** The inputs each type's builder takes. */
export interface EventPayloadInputs {
  'issuer.created': { issuer: Issuer };
  'issuer.updated': { issuer: Issuer; changed: string[] };
  /** a failed-authentication limiter tripped (http/failed-auth.ts, the sign-in throttle) */
  'credential.guessing-suspected': GuessingSuspectedData;
  'client.created': { client: Client };
  'client.updated': { client: Client; changed: string[] };
  'client.secret.rotated': { client: Client; previous: Client; previousSecretExpiresAt: Date | null };
  'organization.created': { organization: Organization; domains: string[] };
  'organization.updated': { organization: Organization; changed: string[] };
  'organization.suspended': { organization: Organization; reason: string | null };
  'organization.reactivated': { organization: Organization };
  'organization.deleted': { organization: Organization; removed: { memberships: number; invitations: number; apiKeys: number } };
  'organization.membership.created': { membership: Membership };
  'organization.membership.updated': { membership: Membership; changed: string[]; previousScopes: string[] };
  'organization.membership.deleted': { membership: Membership };
  'organization.invitation.created': { invitation: Invitation };
  'organization.invitation.accepted': { invitationId: string; userId: string; membershipId: string };
  'organization.invitation.revoked': { invitation: Invitation; revokedWith?: string | null };
  'user.created': { user: User };
  'user.updated': { user: User; changed: string[] };
  'user.deleted': { user: User };
  'user.password.changed': { userId: string; replaced: boolean };
  'user.locked': { userId: string; factor: string; failures: number; lockedUntil: Date };
  'user.mfa.enrollment-started': { userId: string; method: 'totp' };
  'user.mfa.enrolled': { userId: string; method: 'totp'; replaced: boolean };
  'user.mfa.disabled': { userId: string; method: 'totp'; hadBackupCodes: boolean };
  'user.backup-codes.regenerated': { userId: string; count: number; replaced: number };
  'user.backup-code.used': { userId: string; remaining: number };
  /** `bootstrap`: the first key of a new account; `recovery`: minted offline by `npm run admin -- create-key` */
  'api-key.created': { apiKey: ApiKey } | { bootstrap: { id: string; seeded: boolean } } | { recovery: { id: string; name: string } };
  /** `revokedWith`: the credential whose revocation reached this one (lineage cascade) */
  'api-key.revoked': { apiKey: ApiKey; revokedWith?: string | null };
  'api-key.verified': CredentialVerifiedData;
  'agent.created': { agent: Agent };
  'agent.updated': { agent: Agent; changed: string[]; previous: Agent };
  'agent.verifier.created': { verifier: AgentVerifier };
  'agent.verifier.revoked': { verifier: AgentVerifier; revokedWith?: string | null };
  'signing-key.rotated': {
    kid: string;
    alg: string;
    nextKids: string[];
    activatesAt: Date;
    previousKids: string[];
    previousVerifyUntil: Date;
  };
  'delegation.created': { delegation: DelegationRow; chain: DelegationLink[] };
  'delegation.revoked': { delegation: DelegationRow; chain: DelegationLink[]; revokedWith?: string | null };
  'approval.requested': { request: ApprovalRow };
  'approval.decided': { request: ApprovalRow };
  'personal-token.created': { personalToken: PersonalToken };
  'personal-token.revoked': { personalToken: PersonalToken; revokedWith?: string | null };
  'token.issued': TokenIssuedData;
  'token.revoked': { jti: string; clientId: string; subject: string; expiresAt: Date };
  'session.created': { session: Session };
  'session.refreshed': { session: Session; clientId: string };
  'session.organization-switched': { session: Session; clientId?: string; previousOrganizationId?: string | null };
  'session.revoked': { session: Session; reason: string };
  'session.compromised': { session: Session; reason: string };
  'webhook-endpoint.created': { endpoint: WebhookEndpoint };
  'webhook-endpoint.updated': { endpoint: WebhookEndpoint; changed: string[] };
  'webhook-endpoint.deleted': { endpoint: WebhookEndpoint; removed: { deliveries: number } };
  'webhook-endpoint.disabled': { endpoint: WebhookEndpoint; reason: string; automatic: boolean; cancelledDeliveries: number };
  'webhook-endpoint.enabled': { endpoint: WebhookEndpoint };
  'webhook-endpoint.secret-rotated': { id: string; previousSecretExpiresAt: Date };
  'webhook-endpoint.test': { endpointId: string; url: string; message: string };
  'resource.created': { resource: Resource };
  'resource.updated': { resource: Resource; changed: string[] };
  'resource.deleted': { resource: Resource };
  /** `reason`: the operator's note, if any */
  'client.blocked': { client: Client; reason: string | null };
  'client.unblocked': { client: Client };
  'grant.created': { grant: Grant };
  /** `added`: the scopes and resources this consent added (incremental, never removes) */
  'grant.updated': { grant: Grant; addedScopes: string[]; addedResources: string[] };
  /** `revokedRefreshTokens`: the client's refresh tokens of this user ended with it */
  'grant.revoked': { grant: Grant; revokedRefreshTokens: number };
}

type Builders = { [T in EventType]: (input: EventPayloadInputs[T]) => object };

/**
 * For every event type, how its `data` is built (see each shape's docstring). Adding an event type
 * to EVENT_TYPES without a builder here is a type error.
 */
export const EVENT_PAYLOADS = {
  'issuer.created': ({ issuer }): IssuerData => issuerData(issuer),
  'issuer.updated': ({ issuer, changed }): IssuerData & { changed: string[] } => ({ ...issuerData(issuer), changed }),
  'credential.guessing-suspected': ({ identifier, sourceAddress, scope, failures, limit, windowSeconds }): GuessingSuspectedData => ({
    identifier,
    sourceAddress,
    scope,
    failures,
    limit,
    windowSeconds,
  }),
  'client.created': ({ client }): ClientData => clientData(client),
  'client.updated': ({ client, changed }): ClientData & { changed: string[] } => ({ ...clientData(client), changed }),
  'client.secret.rotated': ({
    client,
    previous,
    previousSecretExpiresAt,
  }): { secretPrefix: string | null; previousSecretPrefix: string | null; previousSecretExpiresAt: IsoDate | null } => ({
    secretPrefix: client.secretPrefix,
    previousSecretPrefix: previous.secretPrefix,
    previousSecretExpiresAt: isoOrNull(previousSecretExpiresAt),
  }),
  'organization.created': ({ organization, domains }): OrganizationData & { domains: string[] } => ({
    ...organizationData(organization),
    domains,
  }),
  'organization.updated': ({ organization, changed }): OrganizationData & { changed: string[] } => ({
    ...organizationData(organization),
    changed,
  }),
  'organization.suspended': ({ organization, reason }): OrganizationData & { reason: string | null } => ({
    ...organizationData(organization),
    reason,
  }),
  'organization.reactivated': ({ organization }): OrganizationData => organizationData(organization),
  'organization.deleted': ({
    organization,
    removed,
  }): OrganizationData & { removed: { memberships: number; invitations: number; apiKeys: number } } => ({
    ...organizationData(organization),
    removed: { memberships: removed.memberships, invitations: removed.invitations, apiKeys: removed.apiKeys },
  }),
  'organization.membership.created': ({ membership }): MembershipData => membershipData(membership),
  'organization.membership.updated': ({
    membership,
    changed,
    previousScopes,
  }): MembershipData & { changed: string[]; previousScopes: string[] } => ({ ...membershipData(membership), changed, previousScopes }),
  'organization.membership.deleted': ({ membership }): MembershipData => membershipData(membership),
  'organization.invitation.created': ({ invitation }): InvitationData => invitationData(invitation),
  'organization.invitation.accepted': ({
    invitationId,
    userId,
    membershipId,
  }): { invitationId: string; userId: string; membershipId: string } => ({ invitationId, userId, membershipId }),
  'organization.invitation.revoked': ({ invitation, revokedWith }): InvitationData & Cause => ({
    ...invitationData(invitation),
    ...causeOf(revokedWith),
  }),
  'user.created': ({ user }): UserData => userData(user),
  'user.updated': ({ user, changed }): UserData & { changed: string[] } => ({ ...userData(user), changed }),
  'user.deleted': ({ user }): UserData => userData(user),
  'user.password.changed': ({ userId, replaced }): { userId: string; replaced: boolean } => ({ userId, replaced }),
  'user.locked': ({
    userId,
    factor,
    failures,
    lockedUntil,
  }): { userId: string; factor: string; failures: number; lockedUntil: IsoDate } => ({
    userId,
    factor,
    failures,
    lockedUntil: iso(lockedUntil),
  }),
  'user.mfa.enrollment-started': ({ userId, method }): { userId: string; method: 'totp' } => ({ userId, method }),
  'user.mfa.enrolled': ({ userId, method, replaced }): { userId: string; method: 'totp'; replaced: boolean } => ({
    userId,
    method,
    replaced,
  }),
  'user.mfa.disabled': ({ userId, method, hadBackupCodes }): { userId: string; method: 'totp'; hadBackupCodes: boolean } => ({
    userId,
    method,
    hadBackupCodes,
  }),
  'user.backup-codes.regenerated': ({ userId, count, replaced }): { userId: string; count: number; replaced: number } => ({
    userId,
    count,
    replaced,
  }),
  'user.backup-code.used': ({ userId, remaining }): { userId: string; remaining: number } => ({ userId, remaining }),
  'api-key.created': (input): ApiKeyData | BootstrapKeyData | RecoveryKeyData =>
    'bootstrap' in input
      ? { id: input.bootstrap.id, name: 'bootstrap admin key', organizationId: null, seeded: input.bootstrap.seeded }
      : 'recovery' in input
        ? { id: input.recovery.id, name: input.recovery.name, organizationId: null, via: 'recovery' }
        : apiKeyData(input.apiKey),
  'api-key.revoked': ({ apiKey, revokedWith }): ApiKeyData & Cause => ({ ...apiKeyData(apiKey), ...causeOf(revokedWith) }),
  'api-key.verified': ({ credentialType, via }): CredentialVerifiedData => ({ credentialType, via }),
  'agent.created': ({ agent }): AgentData => agentData(agent),
  'agent.updated': ({ agent, changed, previous }): AgentData & { changed: string[]; previousScopes: string[]; previousStatus: string } => ({
    ...agentData(agent),
    changed,
    previousScopes: previous.scopes,
    previousStatus: previous.status,
  }),
  'agent.verifier.created': ({ verifier }): AgentVerifierData => agentVerifierData(verifier),
  'agent.verifier.revoked': ({ verifier, revokedWith }): AgentVerifierData & Cause => ({
    ...agentVerifierData(verifier),
    ...causeOf(revokedWith),
  }),
  'delegation.created': ({ delegation, chain }): DelegationData => delegationData(delegation, chain),
  // `id` and `exp` let every node refuse the tokens derived from it at once (src/domain/revoked-tokens.ts)
  'delegation.revoked': ({ delegation, chain, revokedWith }): DelegationData & Cause => ({
    ...delegationData(delegation, chain),
    ...causeOf(revokedWith),
  }),
  'approval.requested': ({ request }): ApprovalData => approvalData(request),
  'approval.decided': ({ request }): ApprovalData => approvalData(request),
  'signing-key.rotated': ({
    kid,
    alg,
    nextKids,
    activatesAt,
    previousKids,
    previousVerifyUntil,
  }): { kid: string; alg: string; nextKids: string[]; activatesAt: IsoDate; previousKids: string[]; previousVerifyUntil: IsoDate } => ({
    kid,
    alg,
    nextKids,
    activatesAt: iso(activatesAt),
    previousKids,
    previousVerifyUntil: iso(previousVerifyUntil),
  }),
  'personal-token.created': ({ personalToken }): PersonalTokenData => personalTokenData(personalToken),
  'personal-token.revoked': ({ personalToken, revokedWith }): PersonalTokenData & Cause => ({
    ...personalTokenData(personalToken),
    ...causeOf(revokedWith),
  }),
  'token.issued': (t): TokenIssuedData => {
    const out: TokenIssuedData = {
      grantType: t.grantType,
      principalType: t.principalType,
      clientId: t.clientId,
      authMethod: t.authMethod,
      jti: t.jti,
      kid: t.kid,
      audience: t.audience,
      scope: t.scope,
      expiresAt: t.expiresAt,
    };
    if (t.userId !== undefined) out.userId = t.userId;
    if (t.agentId !== undefined) out.agentId = t.agentId;
    if (t.sessionId !== undefined) out.sessionId = t.sessionId;
    if (t.subjectTokenJti !== undefined) out.subjectTokenJti = t.subjectTokenJti;
    if (t.delegations !== undefined) out.delegations = t.delegations;
    if (t.actors !== undefined) out.actors = t.actors;
    if (t.authorizationDetails !== undefined) out.authorizationDetails = t.authorizationDetails;
    if (t.idToken !== undefined) out.idToken = t.idToken;
    if (t.refreshToken !== undefined) out.refreshToken = t.refreshToken;
    return out;
  },
  'token.revoked': ({ jti, clientId, subject, expiresAt }): TokenRevokedData => ({
    jti,
    client_id: clientId,
    sub: subject,
    exp: Math.floor(expiresAt.getTime() / 1000),
    token_type_hint: 'access_token',
  }),
  'session.created': ({ session }): SessionData => sessionData(session),
  'session.refreshed': ({ session, clientId }): SessionData & { clientId: string } => ({ ...sessionData(session), clientId }),
  'session.organization-switched': ({
    session,
    clientId,
    previousOrganizationId,
  }): SessionData & { previousOrganizationId?: string | null } => ({
    ...sessionData(session),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(previousOrganizationId !== undefined ? { previousOrganizationId } : {}),
  }),
  'session.revoked': ({ session, reason }): SessionData & { reason: string } => ({ ...sessionData(session), reason }),
  'session.compromised': ({ session, reason }): SessionData & { reason: string } => ({ ...sessionData(session), reason }),
  'webhook-endpoint.created': ({ endpoint }): WebhookEndpointData => webhookEndpointData(endpoint),
  'webhook-endpoint.updated': ({ endpoint, changed }): WebhookEndpointData & { changed: string[] } => ({
    ...webhookEndpointData(endpoint),
    changed,
  }),
  'webhook-endpoint.deleted': ({ endpoint, removed }): WebhookEndpointData & { removed: { deliveries: number } } => ({
    ...webhookEndpointData(endpoint),
    removed: { deliveries: removed.deliveries },
  }),
  'webhook-endpoint.disabled': ({
    endpoint,
    reason,
    automatic,
    cancelledDeliveries,
  }): WebhookEndpointData & { reason: string; automatic: boolean; cancelledDeliveries: number } => ({
    ...webhookEndpointData(endpoint),
    reason,
    automatic,
    cancelledDeliveries,
  }),
  'webhook-endpoint.enabled': ({ endpoint }): WebhookEndpointData => webhookEndpointData(endpoint),
  'webhook-endpoint.secret-rotated': ({ id, previousSecretExpiresAt }): { id: string; previousSecretExpiresAt: IsoDate } => ({
    id,
    previousSecretExpiresAt: iso(previousSecretExpiresAt),
  }),
  'webhook-endpoint.test': ({ endpointId, url, message }): { endpointId: string; url: string; message: string } => ({
    endpointId,
    url,
    message,
  }),
  'resource.created': ({ resource }): ResourceData => resourceData(resource),
  'resource.updated': ({ resource, changed }): ResourceData & { changed: string[] } => ({ ...resourceData(resource), changed }),
  'resource.deleted': ({ resource }): ResourceData => resourceData(resource),
  'client.blocked': ({ client, reason }): ClientData & { reason: string | null } => ({ ...clientData(client), reason }),
  'client.unblocked': ({ client }): ClientData => clientData(client),
  'grant.created': ({ grant }): GrantData => grantData(grant),
  'grant.updated': ({ grant, addedScopes, addedResources }): GrantData & { addedScopes: string[]; addedResources: string[] } => ({
    ...grantData(grant),
    addedScopes,
    addedResources,
  }),
  'grant.revoked': ({ grant, revokedRefreshTokens }): GrantData & { revokedRefreshTokens: number } => ({
    ...grantData(grant),
    revokedRefreshTokens,
  }),
} satisfies Builders;

/** The `data` of each event type, as built by EVENT_PAYLOADS. */
export type EventPayloads = { [T in EventType]: ReturnType<(typeof EVENT_PAYLOADS)[T]> };

/** Builds the `data` of an event of `type` from its inputs (see EVENT_PAYLOADS). */
export function eventData<T extends EventType>(type: T, input: EventPayloadInputs[T]): EventPayload {
  const build = EVENT_PAYLOADS[type] as (input: EventPayloadInputs[T]) => object;
  return build(input) as EventPayload;
}
