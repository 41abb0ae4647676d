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

export type CreateIssuerInput = {
  accessTokenTtlSeconds?: number | null | undefined;
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

export type GrantType =
  | 'AUTHORIZATION_CODE'
  | 'CLIENT_CREDENTIALS'
  | 'REFRESH_TOKEN';

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

export type RevokeUserSessionsInput = {
  userId: string;
};

export type SigningAlg =
  | 'ES256'
  | 'EdDSA'
  | 'RS256';

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
    | { __typename: 'Invitation' }
    | { __typename: 'Issuer' }
    | { __typename: 'Membership' }
    | { __typename: 'Organization' }
    | { __typename: 'PersonalToken' }
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

export type HardeningKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type HardeningKeyMutation = { createApiKey:
    | { __typename: 'BaseError', code: ErrorCode, message: string }
    | { __typename: 'CreateApiKeyPayload', token: string }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
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
export const HardeningKeyDocument = new TypedDocumentString(`
    mutation HardeningKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeyPayload {
      token
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<HardeningKeyMutation, HardeningKeyMutationVariables>;
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