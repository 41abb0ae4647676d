/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AgentVerifierStatus =
  | 'ACTIVE'
  | 'REVOKED';

export type AgentVerifierType =
  | 'PRIVATE_KEY_JWT'
  | 'SECRET';

export type ApplicationType =
  | 'NATIVE'
  | 'SPA'
  | 'WEB';

export type ClientType =
  | 'EXTERNAL'
  | 'M2M';

export type CreateAgentInput = {
  description?: string | null | undefined;
  /** RFC 9449 §5.2: require a DPoP proof on every token request (default false). */
  dpopBoundAccessTokens?: boolean | null | undefined;
  issuerId: string;
  metadata?: Record<string, unknown> | null | undefined;
  name: string;
  /** resource:action scopes the agent holds itself; inside an organization it holds those also granted by its membership. */
  scopes?: Array<string> | null | undefined;
};

export type CreateAgentVerifierInput = {
  agentId: string;
  /** No later than the creating credential's expiry; omitted: the creator's. */
  expiresAt?: string | null | undefined;
  /** IPv4/IPv6 addresses or CIDR ranges the verifier authenticates from, within the creating credential's own; omitted: the creator's. */
  ipAllowlist?: Array<string> | null | undefined;
  /** For PRIVATE_KEY_JWT: a public EC (P-256/384/521), OKP (Ed25519) or RSA (≥ 2048 bits) JWK, no private members. */
  publicJwk?: Record<string, unknown> | null | undefined;
  type: AgentVerifierType;
};

export type CreateApiKeyInput = {
  /** No later than the creating credential's expiry; omitted: the creator's. */
  expiresAt?: string | null | undefined;
  /** IPv4/IPv6 addresses or CIDR ranges, within the creating credential's own; omitted: the creator's. */
  ipAllowlist?: Array<string> | null | undefined;
  name: string;
  /** The organization that owns the key; omit for an account key. */
  organizationId?: string | null | undefined;
  /** Requests per window; no higher a rate than the creating credential's; omitted: the creator's, else the server default (300). */
  rateLimit?: number | null | undefined;
  /** Default 900 (15 minutes). */
  rateLimitWindowSeconds?: number | null | undefined;
  /** resource:action scopes of an organization key (at least one). Account keys take none. */
  scopes?: Array<string> | null | undefined;
};

export type CreateClientInput = {
  accessTokenTtlSeconds?: number | null | undefined;
  /** CORS origins (https://host[:port]). Default: for SPAs and public clients, the origins of redirectUris; else none. */
  allowedOrigins?: Array<string> | null | undefined;
  applicationType?: ApplicationType | null | undefined;
  confidential?: boolean | null | undefined;
  /** RFC 9449 §5.2: require a DPoP proof on every token request (default false). */
  dpopBoundAccessTokens?: boolean | null | undefined;
  grantTypes?: Array<GrantType> | null | undefined;
  /** The JWS alg of the client's ID tokens (OIDC id_token_signed_response_alg), e.g. RS256 for relying parties that verify nothing else. Default: the issuer's signingAlg. Only for authorization_code clients. */
  idTokenSignedResponseAlg?: SigningAlg | null | undefined;
  issuerId: string;
  /** Public JWK Set ({ keys: [...] }) for private_key_jwt; implies that method when none is named. Such a client gets no secret. */
  jwks?: Record<string, unknown> | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  name: string;
  /** For client_credentials clients: the organization (same issuer) the client acts in. */
  organizationId?: string | null | undefined;
  /** Same rules as redirectUris. */
  postLogoutRedirectUris?: Array<string> | null | undefined;
  /** Matched exactly (an http loopback IP literal on any port, RFC 8252 §7.3). No fragment, wildcard or userinfo; https, http on loopback, or (native apps) a private-use scheme. */
  redirectUris?: Array<string> | null | undefined;
  /** OIDC scopes (openid, profile, email, offline_access) and resource:action scopes. */
  scopes?: Array<string> | null | undefined;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod | null | undefined;
  type?: ClientType | null | undefined;
};

export type CreateInvitationInput = {
  email: string;
  /** Default 168 (7 days). */
  expiresInHours?: number | null | undefined;
  organizationId: string;
  /** The organization's default member scopes when omitted. */
  scopes?: Array<string> | null | undefined;
};

export type CreateIssuerInput = {
  accessTokenTtlSeconds?: number | null | undefined;
  /** Accept Client ID Metadata Documents only from these DNS names and their subdomains (empty: any). */
  clientMetadataDocumentDomains?: Array<string> | null | undefined;
  /** Turn on RFC 7591 dynamic client registration (default off). */
  dynamicRegistrationEnabled?: boolean | null | undefined;
  mfaPolicy?: IssuerMfaPolicy | null | undefined;
  name: string;
  sessionAbsoluteLifetimeSeconds?: number | null | undefined;
  sessionIdleTimeoutSeconds?: number | null | undefined;
  signingAlg?: SigningAlg | null | undefined;
};

export type CreateMembershipInput = {
  /** A user (usr_…) or agent (agt_…) of the same issuer. */
  memberId: string;
  metadata?: Record<string, unknown> | null | undefined;
  organizationId: string;
  /** resource:action scopes; the organization's default member scopes when omitted. At least one. */
  scopes?: Array<string> | null | undefined;
  title?: string | null | undefined;
};

export type CreateOrganizationInput = {
  contactEmail?: string | null | undefined;
  contactPhone?: string | null | undefined;
  customFields?: Record<string, unknown> | null | undefined;
  /** Scopes a new member gets when none are given. */
  defaultMemberScopes?: Array<string> | null | undefined;
  domains?: Array<string> | null | undefined;
  issuerId: string;
  memberLimit?: number | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  mfaPolicy?: OrganizationMfaPolicy | null | undefined;
  name: string;
  orgType?: string | null | undefined;
  /** Unique per issuer; derived from the name when omitted. */
  slug?: string | null | undefined;
  ssoOnly?: boolean | null | undefined;
};

export type CreateResourceInput = {
  /** 60–86400; default: the client's or issuer's lifetime. */
  accessTokenTtlSeconds?: number | null | undefined;
  dpopRequired?: boolean | null | undefined;
  /** Absolute URI without fragment (e.g. https://mcp.example.com/mcp); unique per issuer; never changes. */
  identifier: string;
  isMcpServer?: boolean | null | undefined;
  issuerId: string;
  name: string;
  /** resource:action scopes it defines. */
  scopes?: Array<string> | null | undefined;
  /** Approval (CIBA) tokens for it are accepted once. Default false. */
  singleUseApprovalTokens?: boolean | null | undefined;
};

export type CreateUserInput = {
  email?: string | null | undefined;
  emailVerified?: boolean | null | undefined;
  firstName?: string | null | undefined;
  issuerId: string;
  lastName?: string | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  username: string;
  usernameType?: UsernameType | null | undefined;
};

export type CreateWebhookEndpointInput = {
  description?: string | null | undefined;
  /** Exact event types, e.g. organization.created (see webhookEventTypes). */
  eventTypes: Array<string>;
  /** Deliver only events of this issuer. */
  issuerId?: string | null | undefined;
  /** Deliver only events of this organization. */
  organizationId?: string | null | undefined;
  /** http(s) URL of the receiver (https recommended); it must resolve to public addresses. */
  url: string;
};

export type CredentialStatus =
  | 'ACTIVE'
  /** Not revoked, but past its expiresAt: refused like a revoked one. */
  | 'EXPIRED'
  | 'REVOKED';

export type DeleteMembershipInput = {
  id: string;
};

export type DeleteOrganizationInput = {
  id: string;
};

export type DeleteUserInput = {
  id: string;
};

export type DeleteWebhookEndpointInput = {
  id: string;
};

export type ErrorCode =
  /** Conflicts with an existing object. */
  | 'CONFLICT'
  /** The credential may not do this. */
  | 'FORBIDDEN'
  /** Not possible in the current state. */
  | 'INVALID_STATE'
  /** A limit was reached. */
  | 'LIMIT_REACHED'
  /** Not found. */
  | 'NOT_FOUND'
  /** The input is not valid. */
  | 'VALIDATION_FAILED';

/** Why a CONFLICT, LIMIT_REACHED, INVALID_STATE or FORBIDDEN error happened: one value per situation, described with the code it goes with. Clients may branch on it; new values may be added, so treat an unknown one like the code alone. */
export type ErrorReason =
  /** FORBIDDEN: Only an account key may change this field. */
  | 'ACCOUNT_KEY_ONLY'
  /** CONFLICT: The member already belongs to the organization. */
  | 'ALREADY_MEMBER'
  /** CONFLICT: The address is an operator of the account already. */
  | 'ALREADY_OPERATOR'
  /** INVALID_STATE: The credential (API key, personal token, agent verifier) is revoked already. */
  | 'ALREADY_REVOKED'
  /** INVALID_STATE: The client is blocked already. */
  | 'CLIENT_ALREADY_BLOCKED'
  /** INVALID_STATE: The client authenticates without a secret (private_key_jwt or a public client). */
  | 'CLIENT_HAS_NO_SECRET'
  /** INVALID_STATE: The client is not blocked. */
  | 'CLIENT_NOT_BLOCKED'
  /** CONFLICT: Another request changed the object meanwhile: read it and try again. */
  | 'CONCURRENT_CHANGE'
  /** INVALID_STATE: The delegation is revoked already (or a delegation above it in its chain is). */
  | 'DELEGATION_ALREADY_REVOKED'
  /** FORBIDDEN: The expiry would be later than the creating credential's own. */
  | 'EXPIRY_LATER'
  /** CONFLICT: The issuer already has a resource with this identifier. */
  | 'IDENTIFIER_TAKEN'
  /** INVALID_STATE: The invitation was accepted already. */
  | 'INVITATION_ACCEPTED'
  /** INVALID_STATE: The credential or operator that made the invitation no longer holds what it grants. */
  | 'INVITATION_CREATOR_ENDED'
  /** INVALID_STATE: The invitation has expired. */
  | 'INVITATION_EXPIRED'
  /** INVALID_STATE: The invitation was accepted, revoked or expired meanwhile. */
  | 'INVITATION_NO_LONGER_PENDING'
  /** INVALID_STATE: The invitation was revoked. */
  | 'INVITATION_REVOKED'
  /** FORBIDDEN: The IP allowlist would reach beyond the creating credential's networks. */
  | 'IP_ALLOWLIST_WIDER'
  /** INVALID_STATE: The account's last active owner operator cannot be demoted, suspended or removed: make another owner first. */
  | 'LAST_OWNER'
  /** LIMIT_REACHED: The organization's member limit (`memberLimit`). */
  | 'MEMBER_LIMIT'
  /** INVALID_STATE: Neither the issuer nor any of the user’s organizations enables two-step verification. */
  | 'MFA_NOT_ENABLED'
  /** INVALID_STATE: The organization requires two-step verification, which the session did not pass: sign in again. */
  | 'MFA_REQUIRED'
  /** INVALID_STATE: The user is not an active member of an active organization with that id. */
  | 'NOT_AN_ACTIVE_MEMBER'
  /** FORBIDDEN: Only a user's own sign-in (an access token of a session, through a first-party client), or an agent acting for them, may delegate. */
  | 'NOT_A_USER_SIGN_IN'
  /** FORBIDDEN: Only the user who gave a consent, or an account key, may revoke it. */
  | 'NOT_THE_GRANT_HOLDER'
  /** FORBIDDEN: Only the invitee, signed in as the invited address, may accept an invitation. */
  | 'NOT_THE_INVITEE'
  /** INVALID_STATE: The database has no account yet: start the server once to create it. */
  | 'NO_ACCOUNT'
  /** INVALID_STATE: The account has no operators issuer yet: start the server once. */
  | 'NO_OPERATORS_ISSUER'
  /** INVALID_STATE: The operator is suspended already. */
  | 'OPERATOR_ALREADY_SUSPENDED'
  /** INVALID_STATE: The operator is not suspended. */
  | 'OPERATOR_NOT_SUSPENDED'
  /** FORBIDDEN: Only an owner operator (or an account key) may manage operators. */
  | 'OPERATOR_OWNER_ONLY'
  /** FORBIDDEN: A read-only operator grants nothing: it cannot create credentials, members or invitations. */
  | 'OPERATOR_READ_ONLY'
  /** INVALID_STATE: The organization is suspended already. */
  | 'ORGANIZATION_ALREADY_SUSPENDED'
  /** INVALID_STATE: The organization is not suspended. */
  | 'ORGANIZATION_NOT_SUSPENDED'
  /** INVALID_STATE: The organization is suspended. */
  | 'ORGANIZATION_SUSPENDED'
  /** FORBIDDEN: The rate limit would be higher than the creating credential's own. */
  | 'RATE_LIMIT_HIGHER'
  /** FORBIDDEN: The change would grant or touch scopes the credential does not hold. */
  | 'SCOPE_NOT_HELD'
  /** FORBIDDEN: The session made credentials in another organization: only an account key or the person may end it. */
  | 'SESSION_BEYOND_ORGANIZATION'
  /** INVALID_STATE: The session has ended. */
  | 'SESSION_ENDED'
  /** CONFLICT: The slug is already used by another organization of the issuer. */
  | 'SLUG_TAKEN'
  /** INVALID_STATE: The pending TOTP enrolment changed meanwhile: enrol again. */
  | 'TOTP_ENROLMENT_CHANGED'
  /** INVALID_STATE: No TOTP enrolment is pending: enrol first. */
  | 'TOTP_ENROLMENT_NOT_PENDING'
  /** INVALID_STATE: The user has no confirmed TOTP enrolment. */
  | 'TOTP_NOT_ENROLLED'
  /** CONFLICT: The issuer has a user with this username (for an invitation: with the invited address). */
  | 'USERNAME_TAKEN'
  /** LIMIT_REACHED: The most active verifiers an agent may hold. */
  | 'VERIFIER_LIMIT'
  /** INVALID_STATE: The delivery is being attempted right now. */
  | 'WEBHOOK_DELIVERY_IN_PROGRESS'
  /** INVALID_STATE: The webhook endpoint is disabled already. */
  | 'WEBHOOK_ENDPOINT_ALREADY_DISABLED'
  /** INVALID_STATE: The webhook endpoint is enabled already. */
  | 'WEBHOOK_ENDPOINT_ALREADY_ENABLED'
  /** INVALID_STATE: The webhook endpoint is disabled: enable it first. */
  | 'WEBHOOK_ENDPOINT_DISABLED';

export type EventFilter = {
  issuerId?: string | null | undefined;
  organizationId?: string | null | undefined;
  /** Inclusive. */
  since?: string | null | undefined;
  /** The id of the object the events are about. */
  subject?: string | null | undefined;
  /** Exact types, or prefixes ending in .* (session.* matches session.created and session.revoked): the same language as the subscription. */
  types?: Array<string> | null | undefined;
  /** Exclusive. */
  until?: string | null | undefined;
};

export type EventStreamFilter = {
  issuerId?: string | null | undefined;
  organizationId?: string | null | undefined;
  /** Exact types, or prefixes ending in .* (organization.*). Metered per-request events are not streamed; query them with `events`. */
  types?: Array<string> | null | undefined;
};

export type GrantType =
  | 'AUTHORIZATION_CODE'
  | 'CLIENT_CREDENTIALS'
  | 'REFRESH_TOKEN';

export type InvitationStatus =
  | 'ACCEPTED'
  | 'EXPIRED'
  | 'PENDING'
  | 'REVOKED';

export type IssuerMfaPolicy =
  | 'OFF'
  | 'OPTIONAL'
  | 'REQUIRED';

export type MemberStatus =
  | 'ACTIVE'
  | 'SUSPENDED';

export type OrganizationMfaPolicy =
  | 'INHERIT'
  | 'OPTIONAL'
  | 'REQUIRED';

export type OrganizationStatus =
  | 'ACTIVE'
  | 'SUSPENDED';

export type ReactivateOrganizationInput = {
  id: string;
};

export type RevokeAgentVerifierInput = {
  id: string;
};

export type RevokeApiKeyInput = {
  id: string;
};

export type RevokeInvitationInput = {
  id: string;
};

export type RevokeOrganizationSessionsInput = {
  organizationId: string;
};

export type RevokeSessionInput = {
  id: string;
};

export type RevokeUserSessionsInput = {
  userId: string;
};

export type RotateClientSecretInput = {
  id: string;
  /** How long the previous secret keeps working (default 3600, 0 to end it now, at most 7 days). */
  overlapSeconds?: number | null | undefined;
};

export type RotateSigningKeysInput = {
  issuerId: string;
};

export type RotateWebhookSecretInput = {
  id: string;
};

export type SendTestEventInput = {
  endpointId: string;
};

export type SessionStatus =
  | 'ACTIVE'
  /** Ended because a rotated refresh token was presented again. */
  | 'COMPROMISED'
  /** Ended by the idle timeout or absolute lifetime (set when the session is next presented). */
  | 'EXPIRED'
  /** Ended by a revocation (a mutation, logout or RFC 7009). */
  | 'REVOKED';

export type SetUserPasswordInput = {
  /** 8–128 characters (Unicode, NFKC-normalised); refused when common, easy to guess, or containing the username or email. */
  password: string;
  userId: string;
};

export type SigningAlg =
  | 'ES256'
  | 'EdDSA'
  | 'RS256';

export type SuspendOrganizationInput = {
  id: string;
  reason?: string | null | undefined;
};

export type TokenEndpointAuthMethod =
  | 'CLIENT_SECRET_BASIC'
  | 'CLIENT_SECRET_POST'
  | 'NONE'
  | 'PRIVATE_KEY_JWT';

export type UpdateAgentInput = {
  description?: string | null | undefined;
  /** RFC 9449 §5.2: require a DPoP proof on every token request. */
  dpopBoundAccessTokens?: boolean | null | undefined;
  id: string;
  metadata?: Record<string, unknown> | null | undefined;
  name?: string | null | undefined;
  scopes?: Array<string> | null | undefined;
  /** SUSPENDED: the agent gets no more tokens (live ones expire within 5 minutes). */
  status?: MemberStatus | null | undefined;
};

/** The registration fields to change; absent ones stay as they are. */
export type UpdateClientInput = {
  /** null: the issuer's default. */
  accessTokenTtlSeconds?: number | null | undefined;
  /** Replaces the list. When absent and redirectUris change, origins that were the default follow the new redirect URIs. */
  allowedOrigins?: Array<string> | null | undefined;
  /** RFC 9449 §5.2: require a DPoP proof on every token request. */
  dpopBoundAccessTokens?: boolean | null | undefined;
  /** Replaces the list. */
  grantTypes?: Array<GrantType> | null | undefined;
  id: string;
  /** null: the issuer's signingAlg. Its key is published before the change answers. */
  idTokenSignedResponseAlg?: SigningAlg | null | undefined;
  /** Replaces the metadata. */
  metadata?: Record<string, unknown> | null | undefined;
  name?: string | null | undefined;
  /** Replaces the list. */
  postLogoutRedirectUris?: Array<string> | null | undefined;
  /** Replaces the list (same rules as on createClient). */
  redirectUris?: Array<string> | null | undefined;
  /** Replaces the list. */
  scopes?: Array<string> | null | undefined;
};

export type UpdateIssuerInput = {
  accessTokenTtlSeconds?: number | null | undefined;
  /** Accept Client ID Metadata Documents only from these DNS names and their subdomains (empty: any). */
  clientMetadataDocumentDomains?: Array<string> | null | undefined;
  /** Turn on RFC 7591 dynamic client registration (default off). */
  dynamicRegistrationEnabled?: boolean | null | undefined;
  id: string;
  mfaPolicy?: IssuerMfaPolicy | null | undefined;
  name?: string | null | undefined;
  sessionAbsoluteLifetimeSeconds?: number | null | undefined;
  sessionIdleTimeoutSeconds?: number | null | undefined;
  signingAlg?: SigningAlg | null | undefined;
};

export type UpdateMembershipInput = {
  id: string;
  metadata?: Record<string, unknown> | null | undefined;
  scopes?: Array<string> | null | undefined;
  status?: MemberStatus | null | undefined;
  title?: string | null | undefined;
};

/** Omitted fields stay as they are; null clears a nullable field. */
export type UpdateOrganizationInput = {
  contactEmail?: string | null | undefined;
  contactPhone?: string | null | undefined;
  customFields?: Record<string, unknown> | null | undefined;
  defaultMemberScopes?: Array<string> | null | undefined;
  domains?: Array<string> | null | undefined;
  id: string;
  memberLimit?: number | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  mfaPolicy?: OrganizationMfaPolicy | null | undefined;
  name?: string | null | undefined;
  orgType?: string | null | undefined;
  slug?: string | null | undefined;
  ssoOnly?: boolean | null | undefined;
};

export type UpdateUserInput = {
  email?: string | null | undefined;
  emailVerified?: boolean | null | undefined;
  firstName?: string | null | undefined;
  id: string;
  lastName?: string | null | undefined;
  metadata?: Record<string, unknown> | null | undefined;
  status?: MemberStatus | null | undefined;
};

/** Omitted fields stay as they are. */
export type UpdateWebhookEndpointInput = {
  description?: string | null | undefined;
  eventTypes?: Array<string> | null | undefined;
  id: string;
  url?: string | null | undefined;
};

export type UsernameType =
  | 'EMAIL'
  | 'PHONE'
  | 'USERNAME';

export type WebhookEndpointStatus =
  | 'DISABLED'
  | 'ENABLED';

export type PageInfoFieldsFragment = { hasNextPage: boolean, endCursor: string | null };

type ErrorFields_BaseError_Fragment = { __typename: 'BaseError', code: ErrorCode, message: string };

type ErrorFields_ConflictError_Fragment = { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string };

type ErrorFields_ForbiddenError_Fragment = { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string };

type ErrorFields_InvalidStateError_Fragment = { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string };

type ErrorFields_LimitReachedError_Fragment = { __typename: 'LimitReachedError', limit: number, reason: ErrorReason, code: ErrorCode, message: string };

type ErrorFields_NotFoundError_Fragment = { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string };

type ErrorFields_ValidationError_Fragment = { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> };

export type ErrorFieldsFragment =
  | ErrorFields_BaseError_Fragment
  | ErrorFields_ConflictError_Fragment
  | ErrorFields_ForbiddenError_Fragment
  | ErrorFields_InvalidStateError_Fragment
  | ErrorFields_LimitReachedError_Fragment
  | ErrorFields_NotFoundError_Fragment
  | ErrorFields_ValidationError_Fragment
;

export type IssuerFieldsFragment = { id: string, name: string, signingAlg: string, mfaPolicy: string, accessTokenTtlSeconds: number, sessionIdleTimeoutSeconds: number, sessionAbsoluteLifetimeSeconds: number, createdAt: string, updatedAt: string };

export type ClientFieldsFragment = { id: string, name: string, type: string, applicationType: string, confidential: boolean, grantTypes: Array<string>, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, tokenEndpointAuthMethod: string, idTokenSignedResponseAlg: string | null, accessTokenTtlSeconds: number | null, secretPrefix: string | null, metadata: Record<string, unknown>, createdAt: string };

export type OrganizationFieldsFragment = { id: string, name: string, slug: string, status: OrganizationStatus, orgType: string | null, contactEmail: string | null, contactPhone: string | null, customFields: Record<string, unknown>, metadata: Record<string, unknown>, memberLimit: number | null, defaultMemberScopes: Array<string>, ssoOnly: boolean, mfaPolicy: OrganizationMfaPolicy, suspendedAt: string | null, createdAt: string, updatedAt: string, domains: Array<{ domain: string, verified: boolean }> };

export type UserFieldsFragment = { id: string, username: string, usernameType: UsernameType, email: string | null, emailVerified: boolean, firstName: string | null, lastName: string | null, status: MemberStatus, metadata: Record<string, unknown>, hasPassword: boolean, mfaEnrolled: boolean, createdAt: string, updatedAt: string };

export type AgentFieldsFragment = { id: string, name: string, description: string | null, scopes: Array<string>, status: MemberStatus, metadata: Record<string, unknown>, createdAt: string };

export type AgentVerifierFieldsFragment = { id: string, type: AgentVerifierType, status: AgentVerifierStatus, secretPrefix: string | null, publicJwk: Record<string, unknown> | null, createdAt: string, revokedAt: string | null };

export type MembershipFieldsFragment = { id: string, memberId: string, scopes: Array<string>, status: MemberStatus, title: string | null, metadata: Record<string, unknown>, createdAt: string, updatedAt: string };

export type ApiKeyFieldsFragment = { id: string, name: string, prefix: string, scopes: Array<string>, ipAllowlist: Array<string>, status: CredentialStatus, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null, createdAt: string, organization: { id: string } | null };

export type InvitationFieldsFragment = { id: string, email: string, scopes: Array<string>, status: InvitationStatus, expiresAt: string, acceptedAt: string | null, revokedAt: string | null, createdAt: string };

export type SessionFieldsFragment = { id: string, status: SessionStatus, organizationId: string | null, userAgent: string | null, ip: string | null, authenticatedAt: string, lastSeenAt: string, expiresAt: string, revokedAt: string | null, revokedReason: string | null, createdAt: string };

export type EventFieldsFragment = { id: string, specversion: string, type: string, source: string, subject: string | null, time: string, issuerId: string | null, organizationId: string | null, metered: boolean, data: unknown, actor: { type: string, id: string | null, onBehalfOf: string | null } };

export type WebhookEndpointFieldsFragment = { id: string, url: string, description: string | null, eventTypes: Array<string>, status: WebhookEndpointStatus, disabledReason: string | null, consecutiveFailures: number, createdAt: string, updatedAt: string };

export type SdkCreateIssuerMutationVariables = Exact<{
  input: CreateIssuerInput;
}>;


export type SdkCreateIssuerMutation = { createIssuer:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateIssuerPayload', issuer: { id: string, name: string, signingAlg: string, mfaPolicy: string, accessTokenTtlSeconds: number, sessionIdleTimeoutSeconds: number, sessionAbsoluteLifetimeSeconds: number, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkUpdateIssuerMutationVariables = Exact<{
  input: UpdateIssuerInput;
}>;


export type SdkUpdateIssuerMutation = { updateIssuer:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'UpdateIssuerPayload', issuer: { id: string, name: string, signingAlg: string, mfaPolicy: string, accessTokenTtlSeconds: number, sessionIdleTimeoutSeconds: number, sessionAbsoluteLifetimeSeconds: number, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRotateSigningKeysMutationVariables = Exact<{
  input: RotateSigningKeysInput;
}>;


export type SdkRotateSigningKeysMutation = { rotateSigningKeys:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RotateSigningKeysPayload', kid: string, activatesAt: string, previousKids: Array<string>, previousVerifyUntil: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkGetIssuerQueryVariables = Exact<{
  id: string;
}>;


export type SdkGetIssuerQuery = { issuer: { id: string, name: string, signingAlg: string, mfaPolicy: string, accessTokenTtlSeconds: number, sessionIdleTimeoutSeconds: number, sessionAbsoluteLifetimeSeconds: number, createdAt: string, updatedAt: string } | null };

export type SdkListIssuersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListIssuersQuery = { issuers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, signingAlg: string, mfaPolicy: string, accessTokenTtlSeconds: number, sessionIdleTimeoutSeconds: number, sessionAbsoluteLifetimeSeconds: number, createdAt: string, updatedAt: string } }> } };

export type SdkCreateResourceMutationVariables = Exact<{
  input: CreateResourceInput;
}>;


export type SdkCreateResourceMutation = { createResource:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'CreateResourcePayload', resource: { id: string, identifier: string, name: string, scopes: Array<string>, accessTokenTtlSeconds: number | null, dpopRequired: boolean, singleUseApprovalTokens: boolean, isMcpServer: boolean, createdAt: string } }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkCreateClientMutationVariables = Exact<{
  input: CreateClientInput;
}>;


export type SdkCreateClientMutation = { createClient:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateClientPayload', secret: string | null, client: { id: string, name: string, type: string, applicationType: string, confidential: boolean, grantTypes: Array<string>, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, tokenEndpointAuthMethod: string, idTokenSignedResponseAlg: string | null, accessTokenTtlSeconds: number | null, secretPrefix: string | null, metadata: Record<string, unknown>, createdAt: string } }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkUpdateClientMutationVariables = Exact<{
  input: UpdateClientInput;
}>;


export type SdkUpdateClientMutation = { updateClient:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'UpdateClientPayload', changed: Array<string>, client: { id: string, name: string, type: string, applicationType: string, confidential: boolean, grantTypes: Array<string>, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, tokenEndpointAuthMethod: string, idTokenSignedResponseAlg: string | null, accessTokenTtlSeconds: number | null, secretPrefix: string | null, metadata: Record<string, unknown>, createdAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRotateClientSecretMutationVariables = Exact<{
  input: RotateClientSecretInput;
}>;


export type SdkRotateClientSecretMutation = { rotateClientSecret:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RotateClientSecretPayload', secret: string, previousSecretExpiresAt: string | null, client: { id: string, name: string, type: string, applicationType: string, confidential: boolean, grantTypes: Array<string>, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, tokenEndpointAuthMethod: string, idTokenSignedResponseAlg: string | null, accessTokenTtlSeconds: number | null, secretPrefix: string | null, metadata: Record<string, unknown>, createdAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkGetClientQueryVariables = Exact<{
  id: string;
}>;


export type SdkGetClientQuery = { node:
    | { __typename: 'Account' }
    | { __typename: 'Agent' }
    | { __typename: 'ApiKey' }
    | { __typename: 'Client', id: string, name: string, type: string, applicationType: string, confidential: boolean, grantTypes: Array<string>, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, tokenEndpointAuthMethod: string, idTokenSignedResponseAlg: string | null, accessTokenTtlSeconds: number | null, secretPrefix: string | null, metadata: Record<string, unknown>, createdAt: string, issuer: { id: string } }
    | { __typename: 'Delegation' }
    | { __typename: 'Event' }
    | { __typename: 'Grant' }
    | { __typename: 'Invitation' }
    | { __typename: 'Issuer' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalToken' }
    | { __typename: 'Resource' }
    | { __typename: 'Session' }
    | { __typename: 'User' }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null };

export type SdkListClientsQueryVariables = Exact<{
  issuerId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListClientsQuery = { issuer: { clients: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, type: string, applicationType: string, confidential: boolean, grantTypes: Array<string>, redirectUris: Array<string>, postLogoutRedirectUris: Array<string>, scopes: Array<string>, tokenEndpointAuthMethod: string, idTokenSignedResponseAlg: string | null, accessTokenTtlSeconds: number | null, secretPrefix: string | null, metadata: Record<string, unknown>, createdAt: string } }> } } | null };

export type SdkCreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type SdkCreateOrganizationMutation = { createOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'CreateOrganizationPayload', organization: { id: string, name: string, slug: string, status: OrganizationStatus, orgType: string | null, contactEmail: string | null, contactPhone: string | null, customFields: Record<string, unknown>, metadata: Record<string, unknown>, memberLimit: number | null, defaultMemberScopes: Array<string>, ssoOnly: boolean, mfaPolicy: OrganizationMfaPolicy, suspendedAt: string | null, createdAt: string, updatedAt: string, domains: Array<{ domain: string, verified: boolean }> } }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkUpdateOrganizationMutationVariables = Exact<{
  input: UpdateOrganizationInput;
}>;


export type SdkUpdateOrganizationMutation = { updateOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'UpdateOrganizationPayload', organization: { id: string, name: string, slug: string, status: OrganizationStatus, orgType: string | null, contactEmail: string | null, contactPhone: string | null, customFields: Record<string, unknown>, metadata: Record<string, unknown>, memberLimit: number | null, defaultMemberScopes: Array<string>, ssoOnly: boolean, mfaPolicy: OrganizationMfaPolicy, suspendedAt: string | null, createdAt: string, updatedAt: string, domains: Array<{ domain: string, verified: boolean }> } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkSuspendOrganizationMutationVariables = Exact<{
  input: SuspendOrganizationInput;
}>;


export type SdkSuspendOrganizationMutation = { suspendOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'SuspendOrganizationPayload', organization: { id: string, name: string, slug: string, status: OrganizationStatus, orgType: string | null, contactEmail: string | null, contactPhone: string | null, customFields: Record<string, unknown>, metadata: Record<string, unknown>, memberLimit: number | null, defaultMemberScopes: Array<string>, ssoOnly: boolean, mfaPolicy: OrganizationMfaPolicy, suspendedAt: string | null, createdAt: string, updatedAt: string, domains: Array<{ domain: string, verified: boolean }> } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkReactivateOrganizationMutationVariables = Exact<{
  input: ReactivateOrganizationInput;
}>;


export type SdkReactivateOrganizationMutation = { reactivateOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ReactivateOrganizationPayload', organization: { id: string, name: string, slug: string, status: OrganizationStatus, orgType: string | null, contactEmail: string | null, contactPhone: string | null, customFields: Record<string, unknown>, metadata: Record<string, unknown>, memberLimit: number | null, defaultMemberScopes: Array<string>, ssoOnly: boolean, mfaPolicy: OrganizationMfaPolicy, suspendedAt: string | null, createdAt: string, updatedAt: string, domains: Array<{ domain: string, verified: boolean }> } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkDeleteOrganizationMutationVariables = Exact<{
  input: DeleteOrganizationInput;
}>;


export type SdkDeleteOrganizationMutation = { deleteOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'DeleteOrganizationPayload', deletedOrganizationId: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkGetOrganizationQueryVariables = Exact<{
  id: string;
}>;


export type SdkGetOrganizationQuery = { organization: { id: string, name: string, slug: string, status: OrganizationStatus, orgType: string | null, contactEmail: string | null, contactPhone: string | null, customFields: Record<string, unknown>, metadata: Record<string, unknown>, memberLimit: number | null, defaultMemberScopes: Array<string>, ssoOnly: boolean, mfaPolicy: OrganizationMfaPolicy, suspendedAt: string | null, createdAt: string, updatedAt: string, issuer: { id: string }, domains: Array<{ domain: string, verified: boolean }> } | null };

export type SdkListOrganizationsQueryVariables = Exact<{
  issuerId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListOrganizationsQuery = { issuer: { organizations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, slug: string, status: OrganizationStatus, orgType: string | null, contactEmail: string | null, contactPhone: string | null, customFields: Record<string, unknown>, metadata: Record<string, unknown>, memberLimit: number | null, defaultMemberScopes: Array<string>, ssoOnly: boolean, mfaPolicy: OrganizationMfaPolicy, suspendedAt: string | null, createdAt: string, updatedAt: string, domains: Array<{ domain: string, verified: boolean }> } }> } } | null };

export type SdkCreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type SdkCreateUserMutation = { createUser:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'CreateUserPayload', user: { id: string, username: string, usernameType: UsernameType, email: string | null, emailVerified: boolean, firstName: string | null, lastName: string | null, status: MemberStatus, metadata: Record<string, unknown>, hasPassword: boolean, mfaEnrolled: boolean, createdAt: string, updatedAt: string } }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkUpdateUserMutationVariables = Exact<{
  input: UpdateUserInput;
}>;


export type SdkUpdateUserMutation = { updateUser:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'UpdateUserPayload', user: { id: string, username: string, usernameType: UsernameType, email: string | null, emailVerified: boolean, firstName: string | null, lastName: string | null, status: MemberStatus, metadata: Record<string, unknown>, hasPassword: boolean, mfaEnrolled: boolean, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkDeleteUserMutationVariables = Exact<{
  input: DeleteUserInput;
}>;


export type SdkDeleteUserMutation = { deleteUser:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'DeleteUserPayload', deletedUserId: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkSetUserPasswordMutationVariables = Exact<{
  input: SetUserPasswordInput;
}>;


export type SdkSetUserPasswordMutation = { setUserPassword:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'SetUserPasswordPayload', user: { id: string, username: string, usernameType: UsernameType, email: string | null, emailVerified: boolean, firstName: string | null, lastName: string | null, status: MemberStatus, metadata: Record<string, unknown>, hasPassword: boolean, mfaEnrolled: boolean, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkGetUserQueryVariables = Exact<{
  id: string;
}>;


export type SdkGetUserQuery = { node:
    | { __typename: 'Account' }
    | { __typename: 'Agent' }
    | { __typename: 'ApiKey' }
    | { __typename: 'Client' }
    | { __typename: 'Delegation' }
    | { __typename: 'Event' }
    | { __typename: 'Grant' }
    | { __typename: 'Invitation' }
    | { __typename: 'Issuer' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalToken' }
    | { __typename: 'Resource' }
    | { __typename: 'Session' }
    | { __typename: 'User', issuerId: string, id: string, username: string, usernameType: UsernameType, email: string | null, emailVerified: boolean, firstName: string | null, lastName: string | null, status: MemberStatus, metadata: Record<string, unknown>, hasPassword: boolean, mfaEnrolled: boolean, createdAt: string, updatedAt: string }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null };

export type SdkListUsersQueryVariables = Exact<{
  issuerId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListUsersQuery = { issuer: { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, username: string, usernameType: UsernameType, email: string | null, emailVerified: boolean, firstName: string | null, lastName: string | null, status: MemberStatus, metadata: Record<string, unknown>, hasPassword: boolean, mfaEnrolled: boolean, createdAt: string, updatedAt: string } }> } } | null };

export type SdkListUserSessionsQueryVariables = Exact<{
  userId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: SessionStatus | null | undefined;
}>;


export type SdkListUserSessionsQuery = { node:
    | { __typename: 'Account' }
    | { __typename: 'Agent' }
    | { __typename: 'ApiKey' }
    | { __typename: 'Client' }
    | { __typename: 'Delegation' }
    | { __typename: 'Event' }
    | { __typename: 'Grant' }
    | { __typename: 'Invitation' }
    | { __typename: 'Issuer' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalToken' }
    | { __typename: 'Resource' }
    | { __typename: 'Session' }
    | { __typename: 'User', sessions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: SessionStatus, organizationId: string | null, userAgent: string | null, ip: string | null, authenticatedAt: string, lastSeenAt: string, expiresAt: string, revokedAt: string | null, revokedReason: string | null, createdAt: string } }> } }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null };

export type SdkListUserMembershipsQueryVariables = Exact<{
  userId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListUserMembershipsQuery = { node:
    | { __typename: 'Account' }
    | { __typename: 'Agent' }
    | { __typename: 'ApiKey' }
    | { __typename: 'Client' }
    | { __typename: 'Delegation' }
    | { __typename: 'Event' }
    | { __typename: 'Grant' }
    | { __typename: 'Invitation' }
    | { __typename: 'Issuer' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalToken' }
    | { __typename: 'Resource' }
    | { __typename: 'Session' }
    | { __typename: 'User', memberships: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, memberId: string, scopes: Array<string>, status: MemberStatus, title: string | null, metadata: Record<string, unknown>, createdAt: string, updatedAt: string, organization: { id: string } | null } }> } }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null };

export type SdkCreateAgentMutationVariables = Exact<{
  input: CreateAgentInput;
}>;


export type SdkCreateAgentMutation = { createAgent:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateAgentPayload', agent: { id: string, name: string, description: string | null, scopes: Array<string>, status: MemberStatus, metadata: Record<string, unknown>, createdAt: string } }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkUpdateAgentMutationVariables = Exact<{
  input: UpdateAgentInput;
}>;


export type SdkUpdateAgentMutation = { updateAgent:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'UpdateAgentPayload', agent: { id: string, name: string, description: string | null, scopes: Array<string>, status: MemberStatus, metadata: Record<string, unknown>, createdAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkGetAgentQueryVariables = Exact<{
  id: string;
}>;


export type SdkGetAgentQuery = { node:
    | { __typename: 'Account' }
    | { __typename: 'Agent', issuerId: string, id: string, name: string, description: string | null, scopes: Array<string>, status: MemberStatus, metadata: Record<string, unknown>, createdAt: string, verifiers: Array<{ id: string, type: AgentVerifierType, status: AgentVerifierStatus, secretPrefix: string | null, publicJwk: Record<string, unknown> | null, createdAt: string, revokedAt: string | null }> }
    | { __typename: 'ApiKey' }
    | { __typename: 'Client' }
    | { __typename: 'Delegation' }
    | { __typename: 'Event' }
    | { __typename: 'Grant' }
    | { __typename: 'Invitation' }
    | { __typename: 'Issuer' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalToken' }
    | { __typename: 'Resource' }
    | { __typename: 'Session' }
    | { __typename: 'User' }
    | { __typename: 'WebhookDelivery' }
    | { __typename: 'WebhookEndpoint' }
   | null };

export type SdkListAgentsQueryVariables = Exact<{
  issuerId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListAgentsQuery = { issuer: { agents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, description: string | null, scopes: Array<string>, status: MemberStatus, metadata: Record<string, unknown>, createdAt: string } }> } } | null };

export type SdkCreateAgentVerifierMutationVariables = Exact<{
  input: CreateAgentVerifierInput;
}>;


export type SdkCreateAgentVerifierMutation = { createAgentVerifier:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateAgentVerifierPayload', secret: string | null, verifier: { id: string, type: AgentVerifierType, status: AgentVerifierStatus, secretPrefix: string | null, publicJwk: Record<string, unknown> | null, createdAt: string, revokedAt: string | null } }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'LimitReachedError', limit: number, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRevokeAgentVerifierMutationVariables = Exact<{
  input: RevokeAgentVerifierInput;
}>;


export type SdkRevokeAgentVerifierMutation = { revokeAgentVerifier:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RevokeAgentVerifierPayload', verifier: { id: string, type: AgentVerifierType, status: AgentVerifierStatus, secretPrefix: string | null, publicJwk: Record<string, unknown> | null, createdAt: string, revokedAt: string | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkCreateMembershipMutationVariables = Exact<{
  input: CreateMembershipInput;
}>;


export type SdkCreateMembershipMutation = { createMembership:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'CreateMembershipPayload', membership: { id: string, memberId: string, scopes: Array<string>, status: MemberStatus, title: string | null, metadata: Record<string, unknown>, createdAt: string, updatedAt: string } }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'LimitReachedError', limit: number, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkUpdateMembershipMutationVariables = Exact<{
  input: UpdateMembershipInput;
}>;


export type SdkUpdateMembershipMutation = { updateMembership:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'UpdateMembershipPayload', membership: { id: string, memberId: string, scopes: Array<string>, status: MemberStatus, title: string | null, metadata: Record<string, unknown>, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkDeleteMembershipMutationVariables = Exact<{
  input: DeleteMembershipInput;
}>;


export type SdkDeleteMembershipMutation = { deleteMembership:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'DeleteMembershipPayload', deletedMembershipId: string }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkListMembersQueryVariables = Exact<{
  organizationId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListMembersQuery = { organization: { members: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, memberId: string, scopes: Array<string>, status: MemberStatus, title: string | null, metadata: Record<string, unknown>, createdAt: string, updatedAt: string } }> } } | null };

export type SdkCreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type SdkCreateApiKeyMutation = { createApiKey:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateApiKeyPayload', secret: string, token: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, ipAllowlist: Array<string>, status: CredentialStatus, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null, createdAt: string, organization: { id: string } | null } }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type SdkRevokeApiKeyMutation = { revokeApiKey:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RevokeApiKeyPayload', apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, ipAllowlist: Array<string>, status: CredentialStatus, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null, createdAt: string, organization: { id: string } | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkListOrganizationApiKeysQueryVariables = Exact<{
  organizationId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListOrganizationApiKeysQuery = { organization: { apiKeys: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, prefix: string, scopes: Array<string>, ipAllowlist: Array<string>, status: CredentialStatus, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null, createdAt: string, organization: { id: string } | null } }> } } | null };

export type SdkListAccountApiKeysQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListAccountApiKeysQuery = { viewer: { account: { apiKeys: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, prefix: string, scopes: Array<string>, ipAllowlist: Array<string>, status: CredentialStatus, expiresAt: string | null, lastUsedAt: string | null, revokedAt: string | null, createdAt: string, organization: { id: string } | null } }> } } } };

export type SdkCreateInvitationMutationVariables = Exact<{
  input: CreateInvitationInput;
}>;


export type SdkCreateInvitationMutation = { createInvitation:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateInvitationPayload', token: string, invitation: { id: string, email: string, scopes: Array<string>, status: InvitationStatus, expiresAt: string, acceptedAt: string | null, revokedAt: string | null, createdAt: string } }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRevokeInvitationMutationVariables = Exact<{
  input: RevokeInvitationInput;
}>;


export type SdkRevokeInvitationMutation = { revokeInvitation:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RevokeInvitationPayload', invitation: { id: string, email: string, scopes: Array<string>, status: InvitationStatus, expiresAt: string, acceptedAt: string | null, revokedAt: string | null, createdAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkListInvitationsQueryVariables = Exact<{
  organizationId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: InvitationStatus | null | undefined;
}>;


export type SdkListInvitationsQuery = { organization: { invitations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, email: string, scopes: Array<string>, status: InvitationStatus, expiresAt: string, acceptedAt: string | null, revokedAt: string | null, createdAt: string } }> } } | null };

export type SdkRevokeSessionMutationVariables = Exact<{
  input: RevokeSessionInput;
}>;


export type SdkRevokeSessionMutation = { revokeSession:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', field: string | null, reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RevokeSessionPayload', session: { id: string, status: SessionStatus, organizationId: string | null, userAgent: string | null, ip: string | null, authenticatedAt: string, lastSeenAt: string, expiresAt: string, revokedAt: string | null, revokedReason: string | null, createdAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRevokeUserSessionsMutationVariables = Exact<{
  input: RevokeUserSessionsInput;
}>;


export type SdkRevokeUserSessionsMutation = { revokeUserSessions:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RevokeUserSessionsPayload', revokedCount: number }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRevokeOrganizationSessionsMutationVariables = Exact<{
  input: RevokeOrganizationSessionsInput;
}>;


export type SdkRevokeOrganizationSessionsMutation = { revokeOrganizationSessions:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RevokeOrganizationSessionsPayload', revokedCount: number }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkListEventsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: EventFilter | null | undefined;
}>;


export type SdkListEventsQuery = { events: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, specversion: string, type: string, source: string, subject: string | null, time: string, issuerId: string | null, organizationId: string | null, metered: boolean, data: unknown, actor: { type: string, id: string | null, onBehalfOf: string | null } } }> } };

export type SdkSubscribeEventsSubscriptionVariables = Exact<{
  filter?: EventStreamFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkSubscribeEventsSubscription = { events: { id: string, specversion: string, type: string, source: string, subject: string | null, time: string, issuerId: string | null, organizationId: string | null, metered: boolean, data: unknown, actor: { type: string, id: string | null, onBehalfOf: string | null } } };

export type SdkCreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type SdkCreateWebhookEndpointMutation = { createWebhookEndpoint:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateWebhookEndpointPayload', secret: string, webhookEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: WebhookEndpointStatus, disabledReason: string | null, consecutiveFailures: number, createdAt: string, updatedAt: string } }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkUpdateWebhookEndpointMutationVariables = Exact<{
  input: UpdateWebhookEndpointInput;
}>;


export type SdkUpdateWebhookEndpointMutation = { updateWebhookEndpoint:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'UpdateWebhookEndpointPayload', webhookEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: WebhookEndpointStatus, disabledReason: string | null, consecutiveFailures: number, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkDeleteWebhookEndpointMutationVariables = Exact<{
  input: DeleteWebhookEndpointInput;
}>;


export type SdkDeleteWebhookEndpointMutation = { deleteWebhookEndpoint:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'DeleteWebhookEndpointPayload', deletedWebhookEndpointId: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkRotateWebhookSecretMutationVariables = Exact<{
  input: RotateWebhookSecretInput;
}>;


export type SdkRotateWebhookSecretMutation = { rotateWebhookSecret:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'RotateWebhookSecretPayload', secret: string, webhookEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: WebhookEndpointStatus, disabledReason: string | null, consecutiveFailures: number, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkSendTestEventMutationVariables = Exact<{
  input: SendTestEventInput;
}>;


export type SdkSendTestEventMutation = { sendTestEvent:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', reason: ErrorReason, code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', resourceId: string | null, code: ErrorCode, message: string }
    | { __typename: 'SendTestEventPayload', event: { id: string, specversion: string, type: string, source: string, subject: string | null, time: string, issuerId: string | null, organizationId: string | null, metered: boolean, data: unknown, actor: { type: string, id: string | null, onBehalfOf: string | null } } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type SdkGetWebhookEndpointQueryVariables = Exact<{
  id: string;
}>;


export type SdkGetWebhookEndpointQuery = { webhookEndpoint: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: WebhookEndpointStatus, disabledReason: string | null, consecutiveFailures: number, createdAt: string, updatedAt: string } | null };

export type SdkListWebhookEndpointsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SdkListWebhookEndpointsQuery = { webhookEndpoints: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, url: string, description: string | null, eventTypes: Array<string>, status: WebhookEndpointStatus, disabledReason: string | null, consecutiveFailures: number, createdAt: string, updatedAt: string } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const ErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
    `, {"fragmentName":"ErrorFields"}) as unknown as TypedDocumentString<ErrorFieldsFragment, unknown>;
export const IssuerFieldsFragmentDoc = new TypedDocumentString(`
    fragment IssuerFields on Issuer {
  id
  name
  signingAlg
  mfaPolicy
  accessTokenTtlSeconds
  sessionIdleTimeoutSeconds
  sessionAbsoluteLifetimeSeconds
  createdAt
  updatedAt
}
    `, {"fragmentName":"IssuerFields"}) as unknown as TypedDocumentString<IssuerFieldsFragment, unknown>;
export const ClientFieldsFragmentDoc = new TypedDocumentString(`
    fragment ClientFields on Client {
  id
  name
  type
  applicationType
  confidential
  grantTypes
  redirectUris
  postLogoutRedirectUris
  scopes
  tokenEndpointAuthMethod
  idTokenSignedResponseAlg
  accessTokenTtlSeconds
  secretPrefix
  metadata
  createdAt
}
    `, {"fragmentName":"ClientFields"}) as unknown as TypedDocumentString<ClientFieldsFragment, unknown>;
export const OrganizationFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrganizationFields on Organization {
  id
  name
  slug
  status
  orgType
  contactEmail
  contactPhone
  customFields
  metadata
  memberLimit
  defaultMemberScopes
  ssoOnly
  mfaPolicy
  domains {
    domain
    verified
  }
  suspendedAt
  createdAt
  updatedAt
}
    `, {"fragmentName":"OrganizationFields"}) as unknown as TypedDocumentString<OrganizationFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
  id
  username
  usernameType
  email
  emailVerified
  firstName
  lastName
  status
  metadata
  hasPassword
  mfaEnrolled
  createdAt
  updatedAt
}
    `, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const AgentFieldsFragmentDoc = new TypedDocumentString(`
    fragment AgentFields on Agent {
  id
  name
  description
  scopes
  status
  metadata
  createdAt
}
    `, {"fragmentName":"AgentFields"}) as unknown as TypedDocumentString<AgentFieldsFragment, unknown>;
export const AgentVerifierFieldsFragmentDoc = new TypedDocumentString(`
    fragment AgentVerifierFields on AgentVerifier {
  id
  type
  status
  secretPrefix
  publicJwk
  createdAt
  revokedAt
}
    `, {"fragmentName":"AgentVerifierFields"}) as unknown as TypedDocumentString<AgentVerifierFieldsFragment, unknown>;
export const MembershipFieldsFragmentDoc = new TypedDocumentString(`
    fragment MembershipFields on Membership {
  id
  memberId
  scopes
  status
  title
  metadata
  createdAt
  updatedAt
}
    `, {"fragmentName":"MembershipFields"}) as unknown as TypedDocumentString<MembershipFieldsFragment, unknown>;
export const ApiKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  ipAllowlist
  status
  expiresAt
  lastUsedAt
  revokedAt
  createdAt
  organization {
    id
  }
}
    `, {"fragmentName":"ApiKeyFields"}) as unknown as TypedDocumentString<ApiKeyFieldsFragment, unknown>;
export const InvitationFieldsFragmentDoc = new TypedDocumentString(`
    fragment InvitationFields on Invitation {
  id
  email
  scopes
  status
  expiresAt
  acceptedAt
  revokedAt
  createdAt
}
    `, {"fragmentName":"InvitationFields"}) as unknown as TypedDocumentString<InvitationFieldsFragment, unknown>;
export const SessionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionFields on Session {
  id
  status
  organizationId
  userAgent
  ip
  authenticatedAt
  lastSeenAt
  expiresAt
  revokedAt
  revokedReason
  createdAt
}
    `, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const EventFieldsFragmentDoc = new TypedDocumentString(`
    fragment EventFields on Event {
  id
  specversion
  type
  source
  subject
  time
  issuerId
  organizationId
  metered
  data
  actor {
    type
    id
    onBehalfOf
  }
}
    `, {"fragmentName":"EventFields"}) as unknown as TypedDocumentString<EventFieldsFragment, unknown>;
export const WebhookEndpointFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  status
  disabledReason
  consecutiveFailures
  createdAt
  updatedAt
}
    `, {"fragmentName":"WebhookEndpointFields"}) as unknown as TypedDocumentString<WebhookEndpointFieldsFragment, unknown>;
export const SdkCreateIssuerDocument = new TypedDocumentString(`
    mutation SdkCreateIssuer($input: CreateIssuerInput!) {
  createIssuer(input: $input) {
    __typename
    ... on CreateIssuerPayload {
      issuer {
        ...IssuerFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment IssuerFields on Issuer {
  id
  name
  signingAlg
  mfaPolicy
  accessTokenTtlSeconds
  sessionIdleTimeoutSeconds
  sessionAbsoluteLifetimeSeconds
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkCreateIssuerMutation, SdkCreateIssuerMutationVariables>;
export const SdkUpdateIssuerDocument = new TypedDocumentString(`
    mutation SdkUpdateIssuer($input: UpdateIssuerInput!) {
  updateIssuer(input: $input) {
    __typename
    ... on UpdateIssuerPayload {
      issuer {
        ...IssuerFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment IssuerFields on Issuer {
  id
  name
  signingAlg
  mfaPolicy
  accessTokenTtlSeconds
  sessionIdleTimeoutSeconds
  sessionAbsoluteLifetimeSeconds
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkUpdateIssuerMutation, SdkUpdateIssuerMutationVariables>;
export const SdkRotateSigningKeysDocument = new TypedDocumentString(`
    mutation SdkRotateSigningKeys($input: RotateSigningKeysInput!) {
  rotateSigningKeys(input: $input) {
    __typename
    ... on RotateSigningKeysPayload {
      kid
      activatesAt
      previousKids
      previousVerifyUntil
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkRotateSigningKeysMutation, SdkRotateSigningKeysMutationVariables>;
export const SdkGetIssuerDocument = new TypedDocumentString(`
    query SdkGetIssuer($id: ID!) {
  issuer(id: $id) {
    ...IssuerFields
  }
}
    fragment IssuerFields on Issuer {
  id
  name
  signingAlg
  mfaPolicy
  accessTokenTtlSeconds
  sessionIdleTimeoutSeconds
  sessionAbsoluteLifetimeSeconds
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkGetIssuerQuery, SdkGetIssuerQueryVariables>;
export const SdkListIssuersDocument = new TypedDocumentString(`
    query SdkListIssuers($first: Int, $after: String) {
  issuers(first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    edges {
      node {
        ...IssuerFields
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment IssuerFields on Issuer {
  id
  name
  signingAlg
  mfaPolicy
  accessTokenTtlSeconds
  sessionIdleTimeoutSeconds
  sessionAbsoluteLifetimeSeconds
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkListIssuersQuery, SdkListIssuersQueryVariables>;
export const SdkCreateResourceDocument = new TypedDocumentString(`
    mutation SdkCreateResource($input: CreateResourceInput!) {
  createResource(input: $input) {
    __typename
    ... on CreateResourcePayload {
      resource {
        id
        identifier
        name
        scopes
        accessTokenTtlSeconds
        dpopRequired
        singleUseApprovalTokens
        isMcpServer
        createdAt
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkCreateResourceMutation, SdkCreateResourceMutationVariables>;
export const SdkCreateClientDocument = new TypedDocumentString(`
    mutation SdkCreateClient($input: CreateClientInput!) {
  createClient(input: $input) {
    __typename
    ... on CreateClientPayload {
      secret
      client {
        ...ClientFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment ClientFields on Client {
  id
  name
  type
  applicationType
  confidential
  grantTypes
  redirectUris
  postLogoutRedirectUris
  scopes
  tokenEndpointAuthMethod
  idTokenSignedResponseAlg
  accessTokenTtlSeconds
  secretPrefix
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkCreateClientMutation, SdkCreateClientMutationVariables>;
export const SdkUpdateClientDocument = new TypedDocumentString(`
    mutation SdkUpdateClient($input: UpdateClientInput!) {
  updateClient(input: $input) {
    __typename
    ... on UpdateClientPayload {
      changed
      client {
        ...ClientFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment ClientFields on Client {
  id
  name
  type
  applicationType
  confidential
  grantTypes
  redirectUris
  postLogoutRedirectUris
  scopes
  tokenEndpointAuthMethod
  idTokenSignedResponseAlg
  accessTokenTtlSeconds
  secretPrefix
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkUpdateClientMutation, SdkUpdateClientMutationVariables>;
export const SdkRotateClientSecretDocument = new TypedDocumentString(`
    mutation SdkRotateClientSecret($input: RotateClientSecretInput!) {
  rotateClientSecret(input: $input) {
    __typename
    ... on RotateClientSecretPayload {
      secret
      previousSecretExpiresAt
      client {
        ...ClientFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment ClientFields on Client {
  id
  name
  type
  applicationType
  confidential
  grantTypes
  redirectUris
  postLogoutRedirectUris
  scopes
  tokenEndpointAuthMethod
  idTokenSignedResponseAlg
  accessTokenTtlSeconds
  secretPrefix
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkRotateClientSecretMutation, SdkRotateClientSecretMutationVariables>;
export const SdkGetClientDocument = new TypedDocumentString(`
    query SdkGetClient($id: ID!) {
  node(id: $id) {
    __typename
    ... on Client {
      ...ClientFields
      issuer {
        id
      }
    }
  }
}
    fragment ClientFields on Client {
  id
  name
  type
  applicationType
  confidential
  grantTypes
  redirectUris
  postLogoutRedirectUris
  scopes
  tokenEndpointAuthMethod
  idTokenSignedResponseAlg
  accessTokenTtlSeconds
  secretPrefix
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkGetClientQuery, SdkGetClientQueryVariables>;
export const SdkListClientsDocument = new TypedDocumentString(`
    query SdkListClients($issuerId: ID!, $first: Int, $after: String) {
  issuer(id: $issuerId) {
    clients(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...ClientFields
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ClientFields on Client {
  id
  name
  type
  applicationType
  confidential
  grantTypes
  redirectUris
  postLogoutRedirectUris
  scopes
  tokenEndpointAuthMethod
  idTokenSignedResponseAlg
  accessTokenTtlSeconds
  secretPrefix
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkListClientsQuery, SdkListClientsQueryVariables>;
export const SdkCreateOrganizationDocument = new TypedDocumentString(`
    mutation SdkCreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on CreateOrganizationPayload {
      organization {
        ...OrganizationFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment OrganizationFields on Organization {
  id
  name
  slug
  status
  orgType
  contactEmail
  contactPhone
  customFields
  metadata
  memberLimit
  defaultMemberScopes
  ssoOnly
  mfaPolicy
  domains {
    domain
    verified
  }
  suspendedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkCreateOrganizationMutation, SdkCreateOrganizationMutationVariables>;
export const SdkUpdateOrganizationDocument = new TypedDocumentString(`
    mutation SdkUpdateOrganization($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) {
    __typename
    ... on UpdateOrganizationPayload {
      organization {
        ...OrganizationFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment OrganizationFields on Organization {
  id
  name
  slug
  status
  orgType
  contactEmail
  contactPhone
  customFields
  metadata
  memberLimit
  defaultMemberScopes
  ssoOnly
  mfaPolicy
  domains {
    domain
    verified
  }
  suspendedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkUpdateOrganizationMutation, SdkUpdateOrganizationMutationVariables>;
export const SdkSuspendOrganizationDocument = new TypedDocumentString(`
    mutation SdkSuspendOrganization($input: SuspendOrganizationInput!) {
  suspendOrganization(input: $input) {
    __typename
    ... on SuspendOrganizationPayload {
      organization {
        ...OrganizationFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment OrganizationFields on Organization {
  id
  name
  slug
  status
  orgType
  contactEmail
  contactPhone
  customFields
  metadata
  memberLimit
  defaultMemberScopes
  ssoOnly
  mfaPolicy
  domains {
    domain
    verified
  }
  suspendedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkSuspendOrganizationMutation, SdkSuspendOrganizationMutationVariables>;
export const SdkReactivateOrganizationDocument = new TypedDocumentString(`
    mutation SdkReactivateOrganization($input: ReactivateOrganizationInput!) {
  reactivateOrganization(input: $input) {
    __typename
    ... on ReactivateOrganizationPayload {
      organization {
        ...OrganizationFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment OrganizationFields on Organization {
  id
  name
  slug
  status
  orgType
  contactEmail
  contactPhone
  customFields
  metadata
  memberLimit
  defaultMemberScopes
  ssoOnly
  mfaPolicy
  domains {
    domain
    verified
  }
  suspendedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkReactivateOrganizationMutation, SdkReactivateOrganizationMutationVariables>;
export const SdkDeleteOrganizationDocument = new TypedDocumentString(`
    mutation SdkDeleteOrganization($input: DeleteOrganizationInput!) {
  deleteOrganization(input: $input) {
    __typename
    ... on DeleteOrganizationPayload {
      deletedOrganizationId
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkDeleteOrganizationMutation, SdkDeleteOrganizationMutationVariables>;
export const SdkGetOrganizationDocument = new TypedDocumentString(`
    query SdkGetOrganization($id: ID!) {
  organization(id: $id) {
    ...OrganizationFields
    issuer {
      id
    }
  }
}
    fragment OrganizationFields on Organization {
  id
  name
  slug
  status
  orgType
  contactEmail
  contactPhone
  customFields
  metadata
  memberLimit
  defaultMemberScopes
  ssoOnly
  mfaPolicy
  domains {
    domain
    verified
  }
  suspendedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkGetOrganizationQuery, SdkGetOrganizationQueryVariables>;
export const SdkListOrganizationsDocument = new TypedDocumentString(`
    query SdkListOrganizations($issuerId: ID!, $first: Int, $after: String) {
  issuer(id: $issuerId) {
    organizations(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...OrganizationFields
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment OrganizationFields on Organization {
  id
  name
  slug
  status
  orgType
  contactEmail
  contactPhone
  customFields
  metadata
  memberLimit
  defaultMemberScopes
  ssoOnly
  mfaPolicy
  domains {
    domain
    verified
  }
  suspendedAt
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkListOrganizationsQuery, SdkListOrganizationsQueryVariables>;
export const SdkCreateUserDocument = new TypedDocumentString(`
    mutation SdkCreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on CreateUserPayload {
      user {
        ...UserFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment UserFields on User {
  id
  username
  usernameType
  email
  emailVerified
  firstName
  lastName
  status
  metadata
  hasPassword
  mfaEnrolled
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkCreateUserMutation, SdkCreateUserMutationVariables>;
export const SdkUpdateUserDocument = new TypedDocumentString(`
    mutation SdkUpdateUser($input: UpdateUserInput!) {
  updateUser(input: $input) {
    __typename
    ... on UpdateUserPayload {
      user {
        ...UserFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment UserFields on User {
  id
  username
  usernameType
  email
  emailVerified
  firstName
  lastName
  status
  metadata
  hasPassword
  mfaEnrolled
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkUpdateUserMutation, SdkUpdateUserMutationVariables>;
export const SdkDeleteUserDocument = new TypedDocumentString(`
    mutation SdkDeleteUser($input: DeleteUserInput!) {
  deleteUser(input: $input) {
    __typename
    ... on DeleteUserPayload {
      deletedUserId
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkDeleteUserMutation, SdkDeleteUserMutationVariables>;
export const SdkSetUserPasswordDocument = new TypedDocumentString(`
    mutation SdkSetUserPassword($input: SetUserPasswordInput!) {
  setUserPassword(input: $input) {
    __typename
    ... on SetUserPasswordPayload {
      user {
        ...UserFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment UserFields on User {
  id
  username
  usernameType
  email
  emailVerified
  firstName
  lastName
  status
  metadata
  hasPassword
  mfaEnrolled
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkSetUserPasswordMutation, SdkSetUserPasswordMutationVariables>;
export const SdkGetUserDocument = new TypedDocumentString(`
    query SdkGetUser($id: ID!) {
  node(id: $id) {
    __typename
    ... on User {
      ...UserFields
      issuerId
    }
  }
}
    fragment UserFields on User {
  id
  username
  usernameType
  email
  emailVerified
  firstName
  lastName
  status
  metadata
  hasPassword
  mfaEnrolled
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkGetUserQuery, SdkGetUserQueryVariables>;
export const SdkListUsersDocument = new TypedDocumentString(`
    query SdkListUsers($issuerId: ID!, $first: Int, $after: String) {
  issuer(id: $issuerId) {
    users(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...UserFields
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment UserFields on User {
  id
  username
  usernameType
  email
  emailVerified
  firstName
  lastName
  status
  metadata
  hasPassword
  mfaEnrolled
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkListUsersQuery, SdkListUsersQueryVariables>;
export const SdkListUserSessionsDocument = new TypedDocumentString(`
    query SdkListUserSessions($userId: ID!, $first: Int, $after: String, $status: SessionStatus) {
  node(id: $userId) {
    __typename
    ... on User {
      sessions(first: $first, after: $after, status: $status) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          node {
            ...SessionFields
          }
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment SessionFields on Session {
  id
  status
  organizationId
  userAgent
  ip
  authenticatedAt
  lastSeenAt
  expiresAt
  revokedAt
  revokedReason
  createdAt
}`) as unknown as TypedDocumentString<SdkListUserSessionsQuery, SdkListUserSessionsQueryVariables>;
export const SdkListUserMembershipsDocument = new TypedDocumentString(`
    query SdkListUserMemberships($userId: ID!, $first: Int, $after: String) {
  node(id: $userId) {
    __typename
    ... on User {
      memberships(first: $first, after: $after) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          node {
            ...MembershipFields
            organization {
              id
            }
          }
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment MembershipFields on Membership {
  id
  memberId
  scopes
  status
  title
  metadata
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkListUserMembershipsQuery, SdkListUserMembershipsQueryVariables>;
export const SdkCreateAgentDocument = new TypedDocumentString(`
    mutation SdkCreateAgent($input: CreateAgentInput!) {
  createAgent(input: $input) {
    __typename
    ... on CreateAgentPayload {
      agent {
        ...AgentFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment AgentFields on Agent {
  id
  name
  description
  scopes
  status
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkCreateAgentMutation, SdkCreateAgentMutationVariables>;
export const SdkUpdateAgentDocument = new TypedDocumentString(`
    mutation SdkUpdateAgent($input: UpdateAgentInput!) {
  updateAgent(input: $input) {
    __typename
    ... on UpdateAgentPayload {
      agent {
        ...AgentFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment AgentFields on Agent {
  id
  name
  description
  scopes
  status
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkUpdateAgentMutation, SdkUpdateAgentMutationVariables>;
export const SdkGetAgentDocument = new TypedDocumentString(`
    query SdkGetAgent($id: ID!) {
  node(id: $id) {
    __typename
    ... on Agent {
      ...AgentFields
      verifiers {
        ...AgentVerifierFields
      }
      issuerId
    }
  }
}
    fragment AgentFields on Agent {
  id
  name
  description
  scopes
  status
  metadata
  createdAt
}
fragment AgentVerifierFields on AgentVerifier {
  id
  type
  status
  secretPrefix
  publicJwk
  createdAt
  revokedAt
}`) as unknown as TypedDocumentString<SdkGetAgentQuery, SdkGetAgentQueryVariables>;
export const SdkListAgentsDocument = new TypedDocumentString(`
    query SdkListAgents($issuerId: ID!, $first: Int, $after: String) {
  issuer(id: $issuerId) {
    agents(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...AgentFields
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment AgentFields on Agent {
  id
  name
  description
  scopes
  status
  metadata
  createdAt
}`) as unknown as TypedDocumentString<SdkListAgentsQuery, SdkListAgentsQueryVariables>;
export const SdkCreateAgentVerifierDocument = new TypedDocumentString(`
    mutation SdkCreateAgentVerifier($input: CreateAgentVerifierInput!) {
  createAgentVerifier(input: $input) {
    __typename
    ... on CreateAgentVerifierPayload {
      secret
      verifier {
        ...AgentVerifierFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment AgentVerifierFields on AgentVerifier {
  id
  type
  status
  secretPrefix
  publicJwk
  createdAt
  revokedAt
}`) as unknown as TypedDocumentString<SdkCreateAgentVerifierMutation, SdkCreateAgentVerifierMutationVariables>;
export const SdkRevokeAgentVerifierDocument = new TypedDocumentString(`
    mutation SdkRevokeAgentVerifier($input: RevokeAgentVerifierInput!) {
  revokeAgentVerifier(input: $input) {
    __typename
    ... on RevokeAgentVerifierPayload {
      verifier {
        ...AgentVerifierFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment AgentVerifierFields on AgentVerifier {
  id
  type
  status
  secretPrefix
  publicJwk
  createdAt
  revokedAt
}`) as unknown as TypedDocumentString<SdkRevokeAgentVerifierMutation, SdkRevokeAgentVerifierMutationVariables>;
export const SdkCreateMembershipDocument = new TypedDocumentString(`
    mutation SdkCreateMembership($input: CreateMembershipInput!) {
  createMembership(input: $input) {
    __typename
    ... on CreateMembershipPayload {
      membership {
        ...MembershipFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment MembershipFields on Membership {
  id
  memberId
  scopes
  status
  title
  metadata
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkCreateMembershipMutation, SdkCreateMembershipMutationVariables>;
export const SdkUpdateMembershipDocument = new TypedDocumentString(`
    mutation SdkUpdateMembership($input: UpdateMembershipInput!) {
  updateMembership(input: $input) {
    __typename
    ... on UpdateMembershipPayload {
      membership {
        ...MembershipFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment MembershipFields on Membership {
  id
  memberId
  scopes
  status
  title
  metadata
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkUpdateMembershipMutation, SdkUpdateMembershipMutationVariables>;
export const SdkDeleteMembershipDocument = new TypedDocumentString(`
    mutation SdkDeleteMembership($input: DeleteMembershipInput!) {
  deleteMembership(input: $input) {
    __typename
    ... on DeleteMembershipPayload {
      deletedMembershipId
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkDeleteMembershipMutation, SdkDeleteMembershipMutationVariables>;
export const SdkListMembersDocument = new TypedDocumentString(`
    query SdkListMembers($organizationId: ID!, $first: Int, $after: String) {
  organization(id: $organizationId) {
    members(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...MembershipFields
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment MembershipFields on Membership {
  id
  memberId
  scopes
  status
  title
  metadata
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkListMembersQuery, SdkListMembersQueryVariables>;
export const SdkCreateApiKeyDocument = new TypedDocumentString(`
    mutation SdkCreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload {
      secret
      token
      apiKey {
        ...ApiKeyFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  ipAllowlist
  status
  expiresAt
  lastUsedAt
  revokedAt
  createdAt
  organization {
    id
  }
}`) as unknown as TypedDocumentString<SdkCreateApiKeyMutation, SdkCreateApiKeyMutationVariables>;
export const SdkRevokeApiKeyDocument = new TypedDocumentString(`
    mutation SdkRevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    __typename
    ... on RevokeApiKeyPayload {
      apiKey {
        ...ApiKeyFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  ipAllowlist
  status
  expiresAt
  lastUsedAt
  revokedAt
  createdAt
  organization {
    id
  }
}`) as unknown as TypedDocumentString<SdkRevokeApiKeyMutation, SdkRevokeApiKeyMutationVariables>;
export const SdkListOrganizationApiKeysDocument = new TypedDocumentString(`
    query SdkListOrganizationApiKeys($organizationId: ID!, $first: Int, $after: String) {
  organization(id: $organizationId) {
    apiKeys(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...ApiKeyFields
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  ipAllowlist
  status
  expiresAt
  lastUsedAt
  revokedAt
  createdAt
  organization {
    id
  }
}`) as unknown as TypedDocumentString<SdkListOrganizationApiKeysQuery, SdkListOrganizationApiKeysQueryVariables>;
export const SdkListAccountApiKeysDocument = new TypedDocumentString(`
    query SdkListAccountApiKeys($first: Int, $after: String) {
  viewer {
    account {
      apiKeys(first: $first, after: $after) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          node {
            ...ApiKeyFields
          }
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  ipAllowlist
  status
  expiresAt
  lastUsedAt
  revokedAt
  createdAt
  organization {
    id
  }
}`) as unknown as TypedDocumentString<SdkListAccountApiKeysQuery, SdkListAccountApiKeysQueryVariables>;
export const SdkCreateInvitationDocument = new TypedDocumentString(`
    mutation SdkCreateInvitation($input: CreateInvitationInput!) {
  createInvitation(input: $input) {
    __typename
    ... on CreateInvitationPayload {
      token
      invitation {
        ...InvitationFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment InvitationFields on Invitation {
  id
  email
  scopes
  status
  expiresAt
  acceptedAt
  revokedAt
  createdAt
}`) as unknown as TypedDocumentString<SdkCreateInvitationMutation, SdkCreateInvitationMutationVariables>;
export const SdkRevokeInvitationDocument = new TypedDocumentString(`
    mutation SdkRevokeInvitation($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) {
    __typename
    ... on RevokeInvitationPayload {
      invitation {
        ...InvitationFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment InvitationFields on Invitation {
  id
  email
  scopes
  status
  expiresAt
  acceptedAt
  revokedAt
  createdAt
}`) as unknown as TypedDocumentString<SdkRevokeInvitationMutation, SdkRevokeInvitationMutationVariables>;
export const SdkListInvitationsDocument = new TypedDocumentString(`
    query SdkListInvitations($organizationId: ID!, $first: Int, $after: String, $status: InvitationStatus) {
  organization(id: $organizationId) {
    invitations(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...InvitationFields
        }
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment InvitationFields on Invitation {
  id
  email
  scopes
  status
  expiresAt
  acceptedAt
  revokedAt
  createdAt
}`) as unknown as TypedDocumentString<SdkListInvitationsQuery, SdkListInvitationsQueryVariables>;
export const SdkRevokeSessionDocument = new TypedDocumentString(`
    mutation SdkRevokeSession($input: RevokeSessionInput!) {
  revokeSession(input: $input) {
    __typename
    ... on RevokeSessionPayload {
      session {
        ...SessionFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment SessionFields on Session {
  id
  status
  organizationId
  userAgent
  ip
  authenticatedAt
  lastSeenAt
  expiresAt
  revokedAt
  revokedReason
  createdAt
}`) as unknown as TypedDocumentString<SdkRevokeSessionMutation, SdkRevokeSessionMutationVariables>;
export const SdkRevokeUserSessionsDocument = new TypedDocumentString(`
    mutation SdkRevokeUserSessions($input: RevokeUserSessionsInput!) {
  revokeUserSessions(input: $input) {
    __typename
    ... on RevokeUserSessionsPayload {
      revokedCount
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkRevokeUserSessionsMutation, SdkRevokeUserSessionsMutationVariables>;
export const SdkRevokeOrganizationSessionsDocument = new TypedDocumentString(`
    mutation SdkRevokeOrganizationSessions($input: RevokeOrganizationSessionsInput!) {
  revokeOrganizationSessions(input: $input) {
    __typename
    ... on RevokeOrganizationSessionsPayload {
      revokedCount
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkRevokeOrganizationSessionsMutation, SdkRevokeOrganizationSessionsMutationVariables>;
export const SdkListEventsDocument = new TypedDocumentString(`
    query SdkListEvents($first: Int, $after: String, $filter: EventFilter) {
  events(first: $first, after: $after, filter: $filter) {
    pageInfo {
      ...PageInfoFields
    }
    edges {
      node {
        ...EventFields
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment EventFields on Event {
  id
  specversion
  type
  source
  subject
  time
  issuerId
  organizationId
  metered
  data
  actor {
    type
    id
    onBehalfOf
  }
}`) as unknown as TypedDocumentString<SdkListEventsQuery, SdkListEventsQueryVariables>;
export const SdkSubscribeEventsDocument = new TypedDocumentString(`
    subscription SdkSubscribeEvents($filter: EventStreamFilter, $after: ID) {
  events(filter: $filter, after: $after) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  id
  specversion
  type
  source
  subject
  time
  issuerId
  organizationId
  metered
  data
  actor {
    type
    id
    onBehalfOf
  }
}`) as unknown as TypedDocumentString<SdkSubscribeEventsSubscription, SdkSubscribeEventsSubscriptionVariables>;
export const SdkCreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation SdkCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreateWebhookEndpointPayload {
      secret
      webhookEndpoint {
        ...WebhookEndpointFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  status
  disabledReason
  consecutiveFailures
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkCreateWebhookEndpointMutation, SdkCreateWebhookEndpointMutationVariables>;
export const SdkUpdateWebhookEndpointDocument = new TypedDocumentString(`
    mutation SdkUpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) {
    __typename
    ... on UpdateWebhookEndpointPayload {
      webhookEndpoint {
        ...WebhookEndpointFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  status
  disabledReason
  consecutiveFailures
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkUpdateWebhookEndpointMutation, SdkUpdateWebhookEndpointMutationVariables>;
export const SdkDeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation SdkDeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
  deleteWebhookEndpoint(input: $input) {
    __typename
    ... on DeleteWebhookEndpointPayload {
      deletedWebhookEndpointId
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}`) as unknown as TypedDocumentString<SdkDeleteWebhookEndpointMutation, SdkDeleteWebhookEndpointMutationVariables>;
export const SdkRotateWebhookSecretDocument = new TypedDocumentString(`
    mutation SdkRotateWebhookSecret($input: RotateWebhookSecretInput!) {
  rotateWebhookSecret(input: $input) {
    __typename
    ... on RotateWebhookSecretPayload {
      secret
      webhookEndpoint {
        ...WebhookEndpointFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  status
  disabledReason
  consecutiveFailures
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkRotateWebhookSecretMutation, SdkRotateWebhookSecretMutationVariables>;
export const SdkSendTestEventDocument = new TypedDocumentString(`
    mutation SdkSendTestEvent($input: SendTestEventInput!) {
  sendTestEvent(input: $input) {
    __typename
    ... on SendTestEventPayload {
      event {
        ...EventFields
      }
    }
    ...ErrorFields
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fields {
      path
      message
    }
  }
  ... on NotFoundError {
    resourceId
  }
  ... on ConflictError {
    field
    reason
  }
  ... on LimitReachedError {
    limit
    reason
  }
  ... on InvalidStateError {
    reason
  }
  ... on ForbiddenError {
    field
    reason
  }
}
fragment EventFields on Event {
  id
  specversion
  type
  source
  subject
  time
  issuerId
  organizationId
  metered
  data
  actor {
    type
    id
    onBehalfOf
  }
}`) as unknown as TypedDocumentString<SdkSendTestEventMutation, SdkSendTestEventMutationVariables>;
export const SdkGetWebhookEndpointDocument = new TypedDocumentString(`
    query SdkGetWebhookEndpoint($id: ID!) {
  webhookEndpoint(id: $id) {
    ...WebhookEndpointFields
  }
}
    fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  status
  disabledReason
  consecutiveFailures
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkGetWebhookEndpointQuery, SdkGetWebhookEndpointQueryVariables>;
export const SdkListWebhookEndpointsDocument = new TypedDocumentString(`
    query SdkListWebhookEndpoints($first: Int, $after: String) {
  webhookEndpoints(first: $first, after: $after) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    edges {
      node {
        ...WebhookEndpointFields
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment WebhookEndpointFields on WebhookEndpoint {
  id
  url
  description
  eventTypes
  status
  disabledReason
  consecutiveFailures
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<SdkListWebhookEndpointsQuery, SdkListWebhookEndpointsQueryVariables>;