/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ApplicationType =
  | 'NATIVE'
  | 'SPA'
  | 'WEB';

export type ClientType =
  | 'EXTERNAL'
  | 'M2M';

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

export type CreatePersonalTokenInput = {
  /** No later than the creating credential's expiry; omitted: the creator's. */
  expiresAt?: string | null | undefined;
  /** IPv4/IPv6 addresses or CIDR ranges, within the creating credential's own; omitted: the creator's. */
  ipAllowlist?: Array<string> | null | undefined;
  name: string;
  /** The organization the token acts in; the user must be a member. */
  organizationId: string;
  /** Requests per window; no higher a rate than the creating credential's; omitted: the creator's. */
  rateLimit?: number | null | undefined;
  rateLimitWindowSeconds?: number | null | undefined;
  /** At least one; each must be held by the user's membership and by the creating credential. */
  scopes: Array<string>;
  userId: string;
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

export type CredentialStatus =
  | 'ACTIVE'
  /** Not revoked, but past its expiresAt: refused like a revoked one. */
  | 'EXPIRED'
  | 'REVOKED';

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

export type OrganizationMfaPolicy =
  | 'INHERIT'
  | 'OPTIONAL'
  | 'REQUIRED';

export type OrganizationStatus =
  | 'ACTIVE'
  | 'SUSPENDED';

export type RevokeApiKeyInput = {
  id: string;
};

export type RevokeInvitationInput = {
  id: string;
};

export type RevokeUserSessionsInput = {
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

export type SwitchOrganizationInput = {
  /** The organization to select (the user must be an active member of it, and it active), or null for none. Required: pass null explicitly to clear. */
  organizationId?: string | null | undefined;
  /** The session; may be omitted when calling with the session's own access token. */
  sessionId?: string | null | undefined;
};

export type TokenEndpointAuthMethod =
  | 'CLIENT_SECRET_BASIC'
  | 'CLIENT_SECRET_POST'
  | 'NONE'
  | 'PRIVATE_KEY_JWT';

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

export type UsernameType =
  | 'EMAIL'
  | 'PHONE'
  | 'USERNAME';

export type ReasonSuspendMutationVariables = Exact<{
  input: SuspendOrganizationInput;
}>;


export type ReasonSuspendMutation = { suspendOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string, reason: ErrorReason }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'SuspendOrganizationPayload', organization: { id: string, status: OrganizationStatus } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ReasonCreateInvitationMutationVariables = Exact<{
  input: CreateInvitationInput;
}>;


export type ReasonCreateInvitationMutation = { createInvitation:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateInvitationPayload', invitation: { id: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string, reason: ErrorReason, field: string | null }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string, reason: ErrorReason }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ReasonRevokeInvitationMutationVariables = Exact<{
  input: RevokeInvitationInput;
}>;


export type ReasonRevokeInvitationMutation = { revokeInvitation:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string, reason: ErrorReason }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RevokeInvitationPayload', invitation: { id: string, status: InvitationStatus } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ReasonRevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type ReasonRevokeApiKeyMutation = { revokeApiKey:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string, reason: ErrorReason, field: string | null }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string, reason: ErrorReason }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RevokeApiKeyPayload', apiKey: { id: string, status: CredentialStatus } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ReasonCreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type ReasonCreateOrganizationMutation = { createOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string, reason: ErrorReason, field: string | null }
    | { __typename: 'CreateOrganizationPayload', organization: { id: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ReasonCreateMembershipMutationVariables = Exact<{
  input: CreateMembershipInput;
}>;


export type ReasonCreateMembershipMutation = { createMembership:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string, reason: ErrorReason, field: string | null }
    | { __typename: 'CreateMembershipPayload', membership: { id: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string, reason: ErrorReason, field: string | null }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string, reason: ErrorReason, limit: number }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ReasonCreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type ReasonCreateApiKeyMutation = { createApiKey:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateApiKeyPayload', apiKey: { id: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string, reason: ErrorReason, field: string | null }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ReasonInvitationStatusQueryVariables = Exact<{
  id: string;
  org: string;
}>;


export type ReasonInvitationStatusQuery = { node:
    | { id: string, status: InvitationStatus, expiresAt: string }
    | Record<PropertyKey, never>
   | null, organization: { pending: { totalCount: number, edges: Array<{ node: { id: string } }> }, expired: { totalCount: number, edges: Array<{ node: { id: string } }> } } | null };

export type FixtureCreateIssuerMutationVariables = Exact<{
  input: CreateIssuerInput;
}>;


export type FixtureCreateIssuerMutation = { createIssuer:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateIssuerPayload', issuer: { id: string, name: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type FixtureCreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type FixtureCreateOrganizationMutation = { createOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string }
    | { __typename: 'CreateOrganizationPayload', organization: { id: string, slug: string, status: OrganizationStatus, memberLimit: number | null } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type FixtureCreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type FixtureCreateUserMutation = { createUser:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string }
    | { __typename: 'CreateUserPayload', user: { id: string, username: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type FixtureCreateMembershipMutationVariables = Exact<{
  input: CreateMembershipInput;
}>;


export type FixtureCreateMembershipMutation = { createMembership:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string }
    | { __typename: 'CreateMembershipPayload', membership: { id: string, scopes: Array<string> } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type FixtureCreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type FixtureCreateApiKeyMutation = { createApiKey:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateApiKeyPayload', secret: string, token: string, apiKey: { id: string, scopes: Array<string> } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type FixtureCreatePersonalTokenMutationVariables = Exact<{
  input: CreatePersonalTokenInput;
}>;


export type FixtureCreatePersonalTokenMutation = { createPersonalToken:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreatePersonalTokenPayload', token: string, personalToken: { id: string, scopes: Array<string> } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type FixtureCreateInvitationMutationVariables = Exact<{
  input: CreateInvitationInput;
}>;


export type FixtureCreateInvitationMutation = { createInvitation:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateInvitationPayload', token: string, acceptUrl: string, invitation: { id: string, email: string, scopes: Array<string>, status: InvitationStatus, expiresAt: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type PatCreateMutationVariables = Exact<{
  input: CreatePersonalTokenInput;
}>;


export type PatCreateMutation = { createPersonalToken:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreatePersonalTokenPayload', token: string, personalToken: { id: string, prefix: string, scopes: Array<string>, status: CredentialStatus } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fields: Array<{ path: string, message: string }> }
   };

export type QuickstartCreateIssuerMutationVariables = Exact<{
  input: CreateIssuerInput;
}>;


export type QuickstartCreateIssuerMutation = { createIssuer:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateIssuerPayload', issuer: { id: string, name: string, signingAlg: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type QuickstartCreateClientMutationVariables = Exact<{
  input: CreateClientInput;
}>;


export type QuickstartCreateClientMutation = { createClient:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateClientPayload', secret: string | null, client: { id: string, name: string, confidential: boolean, grantTypes: Array<string>, redirectUris: Array<string>, scopes: Array<string>, secretPrefix: string | null } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type QuickstartReadClientQueryVariables = Exact<{
  id: string;
}>;


export type QuickstartReadClientQuery = { node:
    | { __typename: 'Account' }
    | { __typename: 'Agent' }
    | { __typename: 'ApiKey' }
    | { __typename: 'Client', id: string, name: string, secretPrefix: string | null }
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

export type QuickstartCreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type QuickstartCreateOrganizationMutation = { createOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string }
    | { __typename: 'CreateOrganizationPayload', organization: { id: string, name: string, slug: string, status: OrganizationStatus } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type QuickstartCreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type QuickstartCreateUserMutation = { createUser:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string }
    | { __typename: 'CreateUserPayload', user: { id: string, username: string, email: string | null, firstName: string | null, lastName: string | null } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type QuickstartCreateMembershipMutationVariables = Exact<{
  input: CreateMembershipInput;
}>;


export type QuickstartCreateMembershipMutation = { createMembership:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string }
    | { __typename: 'CreateMembershipPayload', membership: { id: string, scopes: Array<string>, user: { id: string } | null, organization: { id: string } | null } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'LimitReachedError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type QuickstartCreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type QuickstartCreateApiKeyMutation = { createApiKey:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateApiKeyPayload', secret: string, token: string, apiKey: { id: string, name: string, scopes: Array<string>, prefix: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type QuickstartTrailQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type QuickstartTrailQuery = { events: { edges: Array<{ node: { id: string, type: string, subject: string | null, specversion: string, source: string, data: unknown, actor: { type: string, id: string | null } } }> } };

export type QuickstartUserMembershipsQueryVariables = Exact<{
  id: string;
}>;


export type QuickstartUserMembershipsQuery = { node:
    | { memberships: { totalCount: number, edges: Array<{ node: { scopes: Array<string>, organization: { id: string, name: string } | null } }> } }
    | Record<PropertyKey, never>
   | null };

export type HardeningClientMutationVariables = Exact<{
  input: CreateClientInput;
}>;


export type HardeningClientMutation = { createClient:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateClientPayload', secret: string | null, client: { id: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type HardeningOrgMfaMutationVariables = Exact<{
  input: UpdateOrganizationInput;
}>;


export type HardeningOrgMfaMutation = { updateOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'ConflictError', code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'UpdateOrganizationPayload' }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type HardeningSwitchMutationVariables = Exact<{
  input: SwitchOrganizationInput;
}>;


export type HardeningSwitchMutation = { switchOrganization:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'InvalidStateError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'SwitchOrganizationPayload' }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type HardeningRevokeAllMutationVariables = Exact<{
  input: RevokeUserSessionsInput;
}>;


export type HardeningRevokeAllMutation = { revokeUserSessions:
    | { __typename: 'BaseError', code: ErrorCode }
    | { __typename: 'NotFoundError', code: ErrorCode }
    | { __typename: 'RevokeUserSessionsPayload', revokedCount: number }
    | { __typename: 'ValidationError', code: ErrorCode }
   };

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

export const ReasonSuspendDocument = new TypedDocumentString(`
    mutation ReasonSuspend($input: SuspendOrganizationInput!) {
  suspendOrganization(input: $input) {
    __typename
    ... on SuspendOrganizationPayload {
      organization {
        id
        status
      }
    }
    ... on Error {
      code
      message
    }
    ... on InvalidStateError {
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonSuspendMutation, ReasonSuspendMutationVariables>;
export const ReasonCreateInvitationDocument = new TypedDocumentString(`
    mutation ReasonCreateInvitation($input: CreateInvitationInput!) {
  createInvitation(input: $input) {
    __typename
    ... on CreateInvitationPayload {
      invitation {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on InvalidStateError {
      reason
    }
    ... on ForbiddenError {
      reason
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonCreateInvitationMutation, ReasonCreateInvitationMutationVariables>;
export const ReasonRevokeInvitationDocument = new TypedDocumentString(`
    mutation ReasonRevokeInvitation($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) {
    __typename
    ... on RevokeInvitationPayload {
      invitation {
        id
        status
      }
    }
    ... on Error {
      code
      message
    }
    ... on InvalidStateError {
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonRevokeInvitationMutation, ReasonRevokeInvitationMutationVariables>;
export const ReasonRevokeApiKeyDocument = new TypedDocumentString(`
    mutation ReasonRevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    __typename
    ... on RevokeApiKeyPayload {
      apiKey {
        id
        status
      }
    }
    ... on Error {
      code
      message
    }
    ... on InvalidStateError {
      reason
    }
    ... on ForbiddenError {
      reason
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonRevokeApiKeyMutation, ReasonRevokeApiKeyMutationVariables>;
export const ReasonCreateOrganizationDocument = new TypedDocumentString(`
    mutation ReasonCreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on CreateOrganizationPayload {
      organization {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ConflictError {
      reason
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonCreateOrganizationMutation, ReasonCreateOrganizationMutationVariables>;
export const ReasonCreateMembershipDocument = new TypedDocumentString(`
    mutation ReasonCreateMembership($input: CreateMembershipInput!) {
  createMembership(input: $input) {
    __typename
    ... on CreateMembershipPayload {
      membership {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ConflictError {
      reason
      field
    }
    ... on LimitReachedError {
      reason
      limit
    }
    ... on ForbiddenError {
      reason
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonCreateMembershipMutation, ReasonCreateMembershipMutationVariables>;
export const ReasonCreateApiKeyDocument = new TypedDocumentString(`
    mutation ReasonCreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload {
      apiKey {
        id
      }
    }
    ... on Error {
      code
      message
    }
    ... on ForbiddenError {
      reason
      field
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonCreateApiKeyMutation, ReasonCreateApiKeyMutationVariables>;
export const ReasonInvitationStatusDocument = new TypedDocumentString(`
    query ReasonInvitationStatus($id: ID!, $org: ID!) {
  node(id: $id) {
    ... on Invitation {
      id
      status
      expiresAt
    }
  }
  organization(id: $org) {
    pending: invitations(first: 10, status: PENDING) {
      totalCount
      edges {
        node {
          id
        }
      }
    }
    expired: invitations(first: 10, status: EXPIRED) {
      totalCount
      edges {
        node {
          id
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReasonInvitationStatusQuery, ReasonInvitationStatusQueryVariables>;
export const FixtureCreateIssuerDocument = new TypedDocumentString(`
    mutation FixtureCreateIssuer($input: CreateIssuerInput!) {
  createIssuer(input: $input) {
    __typename
    ... on CreateIssuerPayload {
      issuer {
        id
        name
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixtureCreateIssuerMutation, FixtureCreateIssuerMutationVariables>;
export const FixtureCreateOrganizationDocument = new TypedDocumentString(`
    mutation FixtureCreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on CreateOrganizationPayload {
      organization {
        id
        slug
        status
        memberLimit
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixtureCreateOrganizationMutation, FixtureCreateOrganizationMutationVariables>;
export const FixtureCreateUserDocument = new TypedDocumentString(`
    mutation FixtureCreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on CreateUserPayload {
      user {
        id
        username
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixtureCreateUserMutation, FixtureCreateUserMutationVariables>;
export const FixtureCreateMembershipDocument = new TypedDocumentString(`
    mutation FixtureCreateMembership($input: CreateMembershipInput!) {
  createMembership(input: $input) {
    __typename
    ... on CreateMembershipPayload {
      membership {
        id
        scopes
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixtureCreateMembershipMutation, FixtureCreateMembershipMutationVariables>;
export const FixtureCreateApiKeyDocument = new TypedDocumentString(`
    mutation FixtureCreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload {
      secret
      token
      apiKey {
        id
        scopes
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixtureCreateApiKeyMutation, FixtureCreateApiKeyMutationVariables>;
export const FixtureCreatePersonalTokenDocument = new TypedDocumentString(`
    mutation FixtureCreatePersonalToken($input: CreatePersonalTokenInput!) {
  createPersonalToken(input: $input) {
    __typename
    ... on CreatePersonalTokenPayload {
      token
      personalToken {
        id
        scopes
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixtureCreatePersonalTokenMutation, FixtureCreatePersonalTokenMutationVariables>;
export const FixtureCreateInvitationDocument = new TypedDocumentString(`
    mutation FixtureCreateInvitation($input: CreateInvitationInput!) {
  createInvitation(input: $input) {
    __typename
    ... on CreateInvitationPayload {
      token
      acceptUrl
      invitation {
        id
        email
        scopes
        status
        expiresAt
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixtureCreateInvitationMutation, FixtureCreateInvitationMutationVariables>;
export const PatCreateDocument = new TypedDocumentString(`
    mutation PatCreate($input: CreatePersonalTokenInput!) {
  createPersonalToken(input: $input) {
    __typename
    ... on CreatePersonalTokenPayload {
      token
      personalToken {
        id
        prefix
        scopes
        status
      }
    }
    ... on Error {
      code
      message
    }
    ... on ValidationError {
      fields {
        path
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PatCreateMutation, PatCreateMutationVariables>;
export const QuickstartCreateIssuerDocument = new TypedDocumentString(`
    mutation QuickstartCreateIssuer($input: CreateIssuerInput!) {
  createIssuer(input: $input) {
    __typename
    ... on CreateIssuerPayload {
      issuer {
        id
        name
        signingAlg
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartCreateIssuerMutation, QuickstartCreateIssuerMutationVariables>;
export const QuickstartCreateClientDocument = new TypedDocumentString(`
    mutation QuickstartCreateClient($input: CreateClientInput!) {
  createClient(input: $input) {
    __typename
    ... on CreateClientPayload {
      secret
      client {
        id
        name
        confidential
        grantTypes
        redirectUris
        scopes
        secretPrefix
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartCreateClientMutation, QuickstartCreateClientMutationVariables>;
export const QuickstartReadClientDocument = new TypedDocumentString(`
    query QuickstartReadClient($id: ID!) {
  node(id: $id) {
    __typename
    ... on Client {
      id
      name
      secretPrefix
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartReadClientQuery, QuickstartReadClientQueryVariables>;
export const QuickstartCreateOrganizationDocument = new TypedDocumentString(`
    mutation QuickstartCreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on CreateOrganizationPayload {
      organization {
        id
        name
        slug
        status
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartCreateOrganizationMutation, QuickstartCreateOrganizationMutationVariables>;
export const QuickstartCreateUserDocument = new TypedDocumentString(`
    mutation QuickstartCreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on CreateUserPayload {
      user {
        id
        username
        email
        firstName
        lastName
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartCreateUserMutation, QuickstartCreateUserMutationVariables>;
export const QuickstartCreateMembershipDocument = new TypedDocumentString(`
    mutation QuickstartCreateMembership($input: CreateMembershipInput!) {
  createMembership(input: $input) {
    __typename
    ... on CreateMembershipPayload {
      membership {
        id
        scopes
        user {
          id
        }
        organization {
          id
        }
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartCreateMembershipMutation, QuickstartCreateMembershipMutationVariables>;
export const QuickstartCreateApiKeyDocument = new TypedDocumentString(`
    mutation QuickstartCreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload {
      secret
      token
      apiKey {
        id
        name
        scopes
        prefix
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartCreateApiKeyMutation, QuickstartCreateApiKeyMutationVariables>;
export const QuickstartTrailDocument = new TypedDocumentString(`
    query QuickstartTrail($first: Int) {
  events(first: $first) {
    edges {
      node {
        id
        type
        subject
        specversion
        source
        actor {
          type
          id
        }
        data
      }
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartTrailQuery, QuickstartTrailQueryVariables>;
export const QuickstartUserMembershipsDocument = new TypedDocumentString(`
    query QuickstartUserMemberships($id: ID!) {
  node(id: $id) {
    ... on User {
      memberships(first: 10) {
        totalCount
        edges {
          node {
            scopes
            organization {
              id
              name
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<QuickstartUserMembershipsQuery, QuickstartUserMembershipsQueryVariables>;
export const HardeningClientDocument = new TypedDocumentString(`
    mutation HardeningClient($input: CreateClientInput!) {
  createClient(input: $input) {
    __typename
    ... on CreateClientPayload {
      secret
      client {
        id
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<HardeningClientMutation, HardeningClientMutationVariables>;
export const HardeningOrgMfaDocument = new TypedDocumentString(`
    mutation HardeningOrgMfa($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) {
    __typename
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<HardeningOrgMfaMutation, HardeningOrgMfaMutationVariables>;
export const HardeningSwitchDocument = new TypedDocumentString(`
    mutation HardeningSwitch($input: SwitchOrganizationInput!) {
  switchOrganization(input: $input) {
    __typename
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<HardeningSwitchMutation, HardeningSwitchMutationVariables>;
export const HardeningRevokeAllDocument = new TypedDocumentString(`
    mutation HardeningRevokeAll($input: RevokeUserSessionsInput!) {
  revokeUserSessions(input: $input) {
    __typename
    ... on RevokeUserSessionsPayload {
      revokedCount
    }
    ... on Error {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<HardeningRevokeAllMutation, HardeningRevokeAllMutationVariables>;