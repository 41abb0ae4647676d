/**
 * Every GraphQL operation the SDK sends, as typed documents: GraphQL Code Generator reads this
 * file and `schema.graphql` and writes `./gql/` (result and variable types per operation).
 * Mutations select their payload and every error member of their result union.
 * @module
 */
import { graphql } from './gql/index.js';

graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
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
  }
`);

// ---- issuers
export const CreateIssuer = graphql(`
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
`);
export const UpdateIssuer = graphql(`
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
`);
export const RotateSigningKeys = graphql(`
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
`);
export const GetIssuer = graphql(`
  query SdkGetIssuer($id: ID!) {
    issuer(id: $id) {
      ...IssuerFields
    }
  }
`);
export const ListIssuers = graphql(`
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
`);

// ---- resources
export const CreateResource = graphql(`
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
`);

// ---- clients
export const CreateClient = graphql(`
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
`);
export const UpdateClient = graphql(`
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
`);
export const RotateClientSecret = graphql(`
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
`);
export const GetClient = graphql(`
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
`);
export const ListClients = graphql(`
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
`);

// ---- organizations
export const CreateOrganization = graphql(`
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
`);
export const UpdateOrganization = graphql(`
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
`);
export const SuspendOrganization = graphql(`
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
`);
export const ReactivateOrganization = graphql(`
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
`);
export const DeleteOrganization = graphql(`
  mutation SdkDeleteOrganization($input: DeleteOrganizationInput!) {
    deleteOrganization(input: $input) {
      __typename
      ... on DeleteOrganizationPayload {
        deletedOrganizationId
      }
      ...ErrorFields
    }
  }
`);
export const GetOrganization = graphql(`
  query SdkGetOrganization($id: ID!) {
    organization(id: $id) {
      ...OrganizationFields
      issuer {
        id
      }
    }
  }
`);
export const ListOrganizations = graphql(`
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
`);

// ---- users
export const CreateUser = graphql(`
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
`);
export const UpdateUser = graphql(`
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
`);
export const DeleteUser = graphql(`
  mutation SdkDeleteUser($input: DeleteUserInput!) {
    deleteUser(input: $input) {
      __typename
      ... on DeleteUserPayload {
        deletedUserId
      }
      ...ErrorFields
    }
  }
`);
export const SetUserPassword = graphql(`
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
`);
export const GetUser = graphql(`
  query SdkGetUser($id: ID!) {
    node(id: $id) {
      __typename
      ... on User {
        ...UserFields
        issuerId
      }
    }
  }
`);
export const ListUsers = graphql(`
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
`);
export const ListUserSessions = graphql(`
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
`);
export const ListUserMemberships = graphql(`
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
`);

// ---- agents
export const CreateAgent = graphql(`
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
`);
export const UpdateAgent = graphql(`
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
`);
export const GetAgent = graphql(`
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
`);
export const ListAgents = graphql(`
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
`);
export const CreateAgentVerifier = graphql(`
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
`);
export const RevokeAgentVerifier = graphql(`
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
`);

// ---- memberships
export const CreateMembership = graphql(`
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
`);
export const UpdateMembership = graphql(`
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
`);
export const DeleteMembership = graphql(`
  mutation SdkDeleteMembership($input: DeleteMembershipInput!) {
    deleteMembership(input: $input) {
      __typename
      ... on DeleteMembershipPayload {
        deletedMembershipId
      }
      ...ErrorFields
    }
  }
`);
export const ListMembers = graphql(`
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
`);

// ---- API keys
export const CreateApiKey = graphql(`
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
`);
export const RevokeApiKey = graphql(`
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
`);
export const ListOrganizationApiKeys = graphql(`
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
`);
export const ListAccountApiKeys = graphql(`
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
`);

// ---- invitations
export const CreateInvitation = graphql(`
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
`);
export const RevokeInvitation = graphql(`
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
`);
export const ListInvitations = graphql(`
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
`);

// ---- sessions
export const RevokeSession = graphql(`
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
`);
export const RevokeUserSessions = graphql(`
  mutation SdkRevokeUserSessions($input: RevokeUserSessionsInput!) {
    revokeUserSessions(input: $input) {
      __typename
      ... on RevokeUserSessionsPayload {
        revokedCount
      }
      ...ErrorFields
    }
  }
`);
export const RevokeOrganizationSessions = graphql(`
  mutation SdkRevokeOrganizationSessions($input: RevokeOrganizationSessionsInput!) {
    revokeOrganizationSessions(input: $input) {
      __typename
      ... on RevokeOrganizationSessionsPayload {
        revokedCount
      }
      ...ErrorFields
    }
  }
`);

// ---- events
export const ListEvents = graphql(`
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
`);
export const SubscribeEvents = graphql(`
  subscription SdkSubscribeEvents($filter: EventStreamFilter, $after: ID) {
    events(filter: $filter, after: $after) {
      ...EventFields
    }
  }
`);

// ---- webhook endpoints
export const CreateWebhookEndpoint = graphql(`
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
`);
export const UpdateWebhookEndpoint = graphql(`
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
`);
export const DeleteWebhookEndpoint = graphql(`
  mutation SdkDeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) {
      __typename
      ... on DeleteWebhookEndpointPayload {
        deletedWebhookEndpointId
      }
      ...ErrorFields
    }
  }
`);
export const RotateWebhookSecret = graphql(`
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
`);
export const SendTestEvent = graphql(`
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
`);
export const GetWebhookEndpoint = graphql(`
  query SdkGetWebhookEndpoint($id: ID!) {
    webhookEndpoint(id: $id) {
      ...WebhookEndpointFields
    }
  }
`);
export const ListWebhookEndpoints = graphql(`
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
`);
