/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n  fragment ErrorFields on Error {\n    __typename\n    code\n    message\n    ... on ValidationError {\n      fields {\n        path\n        message\n      }\n    }\n    ... on NotFoundError {\n      resourceId\n    }\n    ... on ConflictError {\n      field\n    }\n    ... on LimitReachedError {\n      limit\n    }\n  }\n  fragment IssuerFields on Issuer {\n    id\n    name\n    signingAlg\n    mfaPolicy\n    accessTokenTtlSeconds\n    sessionIdleTimeoutSeconds\n    sessionAbsoluteLifetimeSeconds\n    createdAt\n    updatedAt\n  }\n  fragment ClientFields on Client {\n    id\n    name\n    type\n    applicationType\n    confidential\n    grantTypes\n    redirectUris\n    postLogoutRedirectUris\n    scopes\n    tokenEndpointAuthMethod\n    idTokenSignedResponseAlg\n    accessTokenTtlSeconds\n    secretPrefix\n    metadata\n    createdAt\n  }\n  fragment OrganizationFields on Organization {\n    id\n    name\n    slug\n    status\n    orgType\n    contactEmail\n    contactPhone\n    customFields\n    metadata\n    memberLimit\n    defaultMemberScopes\n    ssoOnly\n    mfaPolicy\n    domains {\n      domain\n      verified\n    }\n    suspendedAt\n    createdAt\n    updatedAt\n  }\n  fragment UserFields on User {\n    id\n    username\n    usernameType\n    email\n    emailVerified\n    firstName\n    lastName\n    status\n    metadata\n    hasPassword\n    mfaEnrolled\n    createdAt\n    updatedAt\n  }\n  fragment AgentFields on Agent {\n    id\n    name\n    description\n    scopes\n    status\n    metadata\n    createdAt\n  }\n  fragment AgentVerifierFields on AgentVerifier {\n    id\n    type\n    status\n    secretPrefix\n    publicJwk\n    createdAt\n    revokedAt\n  }\n  fragment MembershipFields on Membership {\n    id\n    memberId\n    scopes\n    status\n    title\n    metadata\n    createdAt\n    updatedAt\n  }\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    ipAllowlist\n    status\n    expiresAt\n    lastUsedAt\n    revokedAt\n    createdAt\n    organization {\n      id\n    }\n  }\n  fragment InvitationFields on Invitation {\n    id\n    email\n    scopes\n    status\n    expiresAt\n    acceptedAt\n    revokedAt\n    createdAt\n  }\n  fragment SessionFields on Session {\n    id\n    status\n    organizationId\n    userAgent\n    ip\n    authenticatedAt\n    lastSeenAt\n    expiresAt\n    revokedAt\n    revokedReason\n    createdAt\n  }\n  fragment EventFields on Event {\n    id\n    specversion\n    type\n    source\n    subject\n    time\n    issuerId\n    organizationId\n    metered\n    data\n    actor {\n      type\n      id\n      onBehalfOf\n    }\n  }\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    eventTypes\n    status\n    disabledReason\n    consecutiveFailures\n    createdAt\n    updatedAt\n  }\n": typeof types.PageInfoFieldsFragmentDoc,
    "\n  mutation SdkCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload {\n        issuer {\n          ...IssuerFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateIssuerDocument,
    "\n  mutation SdkUpdateIssuer($input: UpdateIssuerInput!) {\n    updateIssuer(input: $input) {\n      __typename\n      ... on UpdateIssuerPayload {\n        issuer {\n          ...IssuerFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkUpdateIssuerDocument,
    "\n  mutation SdkRotateSigningKeys($input: RotateSigningKeysInput!) {\n    rotateSigningKeys(input: $input) {\n      __typename\n      ... on RotateSigningKeysPayload {\n        kid\n        activatesAt\n        previousKids\n        previousVerifyUntil\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRotateSigningKeysDocument,
    "\n  query SdkGetIssuer($id: ID!) {\n    issuer(id: $id) {\n      ...IssuerFields\n    }\n  }\n": typeof types.SdkGetIssuerDocument,
    "\n  query SdkListIssuers($first: Int, $after: String) {\n    issuers(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...IssuerFields\n        }\n      }\n    }\n  }\n": typeof types.SdkListIssuersDocument,
    "\n  mutation SdkCreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      __typename\n      ... on CreateClientPayload {\n        secret\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateClientDocument,
    "\n  mutation SdkUpdateClient($input: UpdateClientInput!) {\n    updateClient(input: $input) {\n      __typename\n      ... on UpdateClientPayload {\n        changed\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkUpdateClientDocument,
    "\n  mutation SdkRotateClientSecret($input: RotateClientSecretInput!) {\n    rotateClientSecret(input: $input) {\n      __typename\n      ... on RotateClientSecretPayload {\n        secret\n        previousSecretExpiresAt\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRotateClientSecretDocument,
    "\n  query SdkGetClient($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Client {\n        ...ClientFields\n        issuer {\n          id\n        }\n      }\n    }\n  }\n": typeof types.SdkGetClientDocument,
    "\n  query SdkListClients($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      clients(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...ClientFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListClientsDocument,
    "\n  mutation SdkCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateOrganizationDocument,
    "\n  mutation SdkUpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on UpdateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkUpdateOrganizationDocument,
    "\n  mutation SdkSuspendOrganization($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on SuspendOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkSuspendOrganizationDocument,
    "\n  mutation SdkReactivateOrganization($input: ReactivateOrganizationInput!) {\n    reactivateOrganization(input: $input) {\n      __typename\n      ... on ReactivateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkReactivateOrganizationDocument,
    "\n  mutation SdkDeleteOrganization($input: DeleteOrganizationInput!) {\n    deleteOrganization(input: $input) {\n      __typename\n      ... on DeleteOrganizationPayload {\n        deletedOrganizationId\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkDeleteOrganizationDocument,
    "\n  query SdkGetOrganization($id: ID!) {\n    organization(id: $id) {\n      ...OrganizationFields\n      issuer {\n        id\n      }\n    }\n  }\n": typeof types.SdkGetOrganizationDocument,
    "\n  query SdkListOrganizations($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      organizations(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...OrganizationFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListOrganizationsDocument,
    "\n  mutation SdkCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateUserDocument,
    "\n  mutation SdkUpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      __typename\n      ... on UpdateUserPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkUpdateUserDocument,
    "\n  mutation SdkDeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      __typename\n      ... on DeleteUserPayload {\n        deletedUserId\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkDeleteUserDocument,
    "\n  mutation SdkSetUserPassword($input: SetUserPasswordInput!) {\n    setUserPassword(input: $input) {\n      __typename\n      ... on SetUserPasswordPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkSetUserPasswordDocument,
    "\n  query SdkGetUser($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on User {\n        ...UserFields\n        issuerId\n      }\n    }\n  }\n": typeof types.SdkGetUserDocument,
    "\n  query SdkListUsers($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      users(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...UserFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListUsersDocument,
    "\n  query SdkListUserSessions($userId: ID!, $first: Int, $after: String, $status: SessionStatus) {\n    node(id: $userId) {\n      __typename\n      ... on User {\n        sessions(first: $first, after: $after, status: $status) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...SessionFields\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListUserSessionsDocument,
    "\n  query SdkListUserMemberships($userId: ID!, $first: Int, $after: String) {\n    node(id: $userId) {\n      __typename\n      ... on User {\n        memberships(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...MembershipFields\n              organization {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListUserMembershipsDocument,
    "\n  mutation SdkCreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on CreateAgentPayload {\n        agent {\n          ...AgentFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateAgentDocument,
    "\n  mutation SdkUpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on UpdateAgentPayload {\n        agent {\n          ...AgentFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkUpdateAgentDocument,
    "\n  query SdkGetAgent($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Agent {\n        ...AgentFields\n        verifiers {\n          ...AgentVerifierFields\n        }\n        issuerId\n      }\n    }\n  }\n": typeof types.SdkGetAgentDocument,
    "\n  query SdkListAgents($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      agents(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...AgentFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListAgentsDocument,
    "\n  mutation SdkCreateAgentVerifier($input: CreateAgentVerifierInput!) {\n    createAgentVerifier(input: $input) {\n      __typename\n      ... on CreateAgentVerifierPayload {\n        secret\n        verifier {\n          ...AgentVerifierFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateAgentVerifierDocument,
    "\n  mutation SdkRevokeAgentVerifier($input: RevokeAgentVerifierInput!) {\n    revokeAgentVerifier(input: $input) {\n      __typename\n      ... on RevokeAgentVerifierPayload {\n        verifier {\n          ...AgentVerifierFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRevokeAgentVerifierDocument,
    "\n  mutation SdkCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload {\n        membership {\n          ...MembershipFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateMembershipDocument,
    "\n  mutation SdkUpdateMembership($input: UpdateMembershipInput!) {\n    updateMembership(input: $input) {\n      __typename\n      ... on UpdateMembershipPayload {\n        membership {\n          ...MembershipFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkUpdateMembershipDocument,
    "\n  mutation SdkDeleteMembership($input: DeleteMembershipInput!) {\n    deleteMembership(input: $input) {\n      __typename\n      ... on DeleteMembershipPayload {\n        deletedMembershipId\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkDeleteMembershipDocument,
    "\n  query SdkListMembers($organizationId: ID!, $first: Int, $after: String) {\n    organization(id: $organizationId) {\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...MembershipFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListMembersDocument,
    "\n  mutation SdkCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload {\n        secret\n        token\n        apiKey {\n          ...ApiKeyFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateApiKeyDocument,
    "\n  mutation SdkRevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on RevokeApiKeyPayload {\n        apiKey {\n          ...ApiKeyFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRevokeApiKeyDocument,
    "\n  query SdkListOrganizationApiKeys($organizationId: ID!, $first: Int, $after: String) {\n    organization(id: $organizationId) {\n      apiKeys(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...ApiKeyFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListOrganizationApiKeysDocument,
    "\n  query SdkListAccountApiKeys($first: Int, $after: String) {\n    viewer {\n      account {\n        apiKeys(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...ApiKeyFields\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListAccountApiKeysDocument,
    "\n  mutation SdkCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload {\n        token\n        invitation {\n          ...InvitationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateInvitationDocument,
    "\n  mutation SdkRevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on RevokeInvitationPayload {\n        invitation {\n          ...InvitationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRevokeInvitationDocument,
    "\n  query SdkListInvitations($organizationId: ID!, $first: Int, $after: String, $status: InvitationStatus) {\n    organization(id: $organizationId) {\n      invitations(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...InvitationFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SdkListInvitationsDocument,
    "\n  mutation SdkRevokeSession($input: RevokeSessionInput!) {\n    revokeSession(input: $input) {\n      __typename\n      ... on RevokeSessionPayload {\n        session {\n          ...SessionFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRevokeSessionDocument,
    "\n  mutation SdkRevokeUserSessions($input: RevokeUserSessionsInput!) {\n    revokeUserSessions(input: $input) {\n      __typename\n      ... on RevokeUserSessionsPayload {\n        revokedCount\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRevokeUserSessionsDocument,
    "\n  mutation SdkRevokeOrganizationSessions($input: RevokeOrganizationSessionsInput!) {\n    revokeOrganizationSessions(input: $input) {\n      __typename\n      ... on RevokeOrganizationSessionsPayload {\n        revokedCount\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRevokeOrganizationSessionsDocument,
    "\n  query SdkListEvents($first: Int, $after: String, $filter: EventFilter) {\n    events(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...EventFields\n        }\n      }\n    }\n  }\n": typeof types.SdkListEventsDocument,
    "\n  subscription SdkSubscribeEvents($filter: EventStreamFilter, $after: ID) {\n    events(filter: $filter, after: $after) {\n      ...EventFields\n    }\n  }\n": typeof types.SdkSubscribeEventsDocument,
    "\n  mutation SdkCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on CreateWebhookEndpointPayload {\n        secret\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkCreateWebhookEndpointDocument,
    "\n  mutation SdkUpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on UpdateWebhookEndpointPayload {\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkUpdateWebhookEndpointDocument,
    "\n  mutation SdkDeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      __typename\n      ... on DeleteWebhookEndpointPayload {\n        deletedWebhookEndpointId\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkDeleteWebhookEndpointDocument,
    "\n  mutation SdkRotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      __typename\n      ... on RotateWebhookSecretPayload {\n        secret\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkRotateWebhookSecretDocument,
    "\n  mutation SdkSendTestEvent($input: SendTestEventInput!) {\n    sendTestEvent(input: $input) {\n      __typename\n      ... on SendTestEventPayload {\n        event {\n          ...EventFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": typeof types.SdkSendTestEventDocument,
    "\n  query SdkGetWebhookEndpoint($id: ID!) {\n    webhookEndpoint(id: $id) {\n      ...WebhookEndpointFields\n    }\n  }\n": typeof types.SdkGetWebhookEndpointDocument,
    "\n  query SdkListWebhookEndpoints($first: Int, $after: String) {\n    webhookEndpoints(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...WebhookEndpointFields\n        }\n      }\n    }\n  }\n": typeof types.SdkListWebhookEndpointsDocument,
};
const documents: Documents = {
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n  fragment ErrorFields on Error {\n    __typename\n    code\n    message\n    ... on ValidationError {\n      fields {\n        path\n        message\n      }\n    }\n    ... on NotFoundError {\n      resourceId\n    }\n    ... on ConflictError {\n      field\n    }\n    ... on LimitReachedError {\n      limit\n    }\n  }\n  fragment IssuerFields on Issuer {\n    id\n    name\n    signingAlg\n    mfaPolicy\n    accessTokenTtlSeconds\n    sessionIdleTimeoutSeconds\n    sessionAbsoluteLifetimeSeconds\n    createdAt\n    updatedAt\n  }\n  fragment ClientFields on Client {\n    id\n    name\n    type\n    applicationType\n    confidential\n    grantTypes\n    redirectUris\n    postLogoutRedirectUris\n    scopes\n    tokenEndpointAuthMethod\n    idTokenSignedResponseAlg\n    accessTokenTtlSeconds\n    secretPrefix\n    metadata\n    createdAt\n  }\n  fragment OrganizationFields on Organization {\n    id\n    name\n    slug\n    status\n    orgType\n    contactEmail\n    contactPhone\n    customFields\n    metadata\n    memberLimit\n    defaultMemberScopes\n    ssoOnly\n    mfaPolicy\n    domains {\n      domain\n      verified\n    }\n    suspendedAt\n    createdAt\n    updatedAt\n  }\n  fragment UserFields on User {\n    id\n    username\n    usernameType\n    email\n    emailVerified\n    firstName\n    lastName\n    status\n    metadata\n    hasPassword\n    mfaEnrolled\n    createdAt\n    updatedAt\n  }\n  fragment AgentFields on Agent {\n    id\n    name\n    description\n    scopes\n    status\n    metadata\n    createdAt\n  }\n  fragment AgentVerifierFields on AgentVerifier {\n    id\n    type\n    status\n    secretPrefix\n    publicJwk\n    createdAt\n    revokedAt\n  }\n  fragment MembershipFields on Membership {\n    id\n    memberId\n    scopes\n    status\n    title\n    metadata\n    createdAt\n    updatedAt\n  }\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    ipAllowlist\n    status\n    expiresAt\n    lastUsedAt\n    revokedAt\n    createdAt\n    organization {\n      id\n    }\n  }\n  fragment InvitationFields on Invitation {\n    id\n    email\n    scopes\n    status\n    expiresAt\n    acceptedAt\n    revokedAt\n    createdAt\n  }\n  fragment SessionFields on Session {\n    id\n    status\n    organizationId\n    userAgent\n    ip\n    authenticatedAt\n    lastSeenAt\n    expiresAt\n    revokedAt\n    revokedReason\n    createdAt\n  }\n  fragment EventFields on Event {\n    id\n    specversion\n    type\n    source\n    subject\n    time\n    issuerId\n    organizationId\n    metered\n    data\n    actor {\n      type\n      id\n      onBehalfOf\n    }\n  }\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    eventTypes\n    status\n    disabledReason\n    consecutiveFailures\n    createdAt\n    updatedAt\n  }\n": types.PageInfoFieldsFragmentDoc,
    "\n  mutation SdkCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload {\n        issuer {\n          ...IssuerFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateIssuerDocument,
    "\n  mutation SdkUpdateIssuer($input: UpdateIssuerInput!) {\n    updateIssuer(input: $input) {\n      __typename\n      ... on UpdateIssuerPayload {\n        issuer {\n          ...IssuerFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkUpdateIssuerDocument,
    "\n  mutation SdkRotateSigningKeys($input: RotateSigningKeysInput!) {\n    rotateSigningKeys(input: $input) {\n      __typename\n      ... on RotateSigningKeysPayload {\n        kid\n        activatesAt\n        previousKids\n        previousVerifyUntil\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRotateSigningKeysDocument,
    "\n  query SdkGetIssuer($id: ID!) {\n    issuer(id: $id) {\n      ...IssuerFields\n    }\n  }\n": types.SdkGetIssuerDocument,
    "\n  query SdkListIssuers($first: Int, $after: String) {\n    issuers(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...IssuerFields\n        }\n      }\n    }\n  }\n": types.SdkListIssuersDocument,
    "\n  mutation SdkCreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      __typename\n      ... on CreateClientPayload {\n        secret\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateClientDocument,
    "\n  mutation SdkUpdateClient($input: UpdateClientInput!) {\n    updateClient(input: $input) {\n      __typename\n      ... on UpdateClientPayload {\n        changed\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkUpdateClientDocument,
    "\n  mutation SdkRotateClientSecret($input: RotateClientSecretInput!) {\n    rotateClientSecret(input: $input) {\n      __typename\n      ... on RotateClientSecretPayload {\n        secret\n        previousSecretExpiresAt\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRotateClientSecretDocument,
    "\n  query SdkGetClient($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Client {\n        ...ClientFields\n        issuer {\n          id\n        }\n      }\n    }\n  }\n": types.SdkGetClientDocument,
    "\n  query SdkListClients($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      clients(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...ClientFields\n          }\n        }\n      }\n    }\n  }\n": types.SdkListClientsDocument,
    "\n  mutation SdkCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateOrganizationDocument,
    "\n  mutation SdkUpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on UpdateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkUpdateOrganizationDocument,
    "\n  mutation SdkSuspendOrganization($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on SuspendOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkSuspendOrganizationDocument,
    "\n  mutation SdkReactivateOrganization($input: ReactivateOrganizationInput!) {\n    reactivateOrganization(input: $input) {\n      __typename\n      ... on ReactivateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkReactivateOrganizationDocument,
    "\n  mutation SdkDeleteOrganization($input: DeleteOrganizationInput!) {\n    deleteOrganization(input: $input) {\n      __typename\n      ... on DeleteOrganizationPayload {\n        deletedOrganizationId\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkDeleteOrganizationDocument,
    "\n  query SdkGetOrganization($id: ID!) {\n    organization(id: $id) {\n      ...OrganizationFields\n      issuer {\n        id\n      }\n    }\n  }\n": types.SdkGetOrganizationDocument,
    "\n  query SdkListOrganizations($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      organizations(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...OrganizationFields\n          }\n        }\n      }\n    }\n  }\n": types.SdkListOrganizationsDocument,
    "\n  mutation SdkCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateUserDocument,
    "\n  mutation SdkUpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      __typename\n      ... on UpdateUserPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkUpdateUserDocument,
    "\n  mutation SdkDeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      __typename\n      ... on DeleteUserPayload {\n        deletedUserId\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkDeleteUserDocument,
    "\n  mutation SdkSetUserPassword($input: SetUserPasswordInput!) {\n    setUserPassword(input: $input) {\n      __typename\n      ... on SetUserPasswordPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkSetUserPasswordDocument,
    "\n  query SdkGetUser($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on User {\n        ...UserFields\n        issuerId\n      }\n    }\n  }\n": types.SdkGetUserDocument,
    "\n  query SdkListUsers($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      users(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...UserFields\n          }\n        }\n      }\n    }\n  }\n": types.SdkListUsersDocument,
    "\n  query SdkListUserSessions($userId: ID!, $first: Int, $after: String, $status: SessionStatus) {\n    node(id: $userId) {\n      __typename\n      ... on User {\n        sessions(first: $first, after: $after, status: $status) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...SessionFields\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SdkListUserSessionsDocument,
    "\n  query SdkListUserMemberships($userId: ID!, $first: Int, $after: String) {\n    node(id: $userId) {\n      __typename\n      ... on User {\n        memberships(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...MembershipFields\n              organization {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SdkListUserMembershipsDocument,
    "\n  mutation SdkCreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on CreateAgentPayload {\n        agent {\n          ...AgentFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateAgentDocument,
    "\n  mutation SdkUpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on UpdateAgentPayload {\n        agent {\n          ...AgentFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkUpdateAgentDocument,
    "\n  query SdkGetAgent($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Agent {\n        ...AgentFields\n        verifiers {\n          ...AgentVerifierFields\n        }\n        issuerId\n      }\n    }\n  }\n": types.SdkGetAgentDocument,
    "\n  query SdkListAgents($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      agents(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...AgentFields\n          }\n        }\n      }\n    }\n  }\n": types.SdkListAgentsDocument,
    "\n  mutation SdkCreateAgentVerifier($input: CreateAgentVerifierInput!) {\n    createAgentVerifier(input: $input) {\n      __typename\n      ... on CreateAgentVerifierPayload {\n        secret\n        verifier {\n          ...AgentVerifierFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateAgentVerifierDocument,
    "\n  mutation SdkRevokeAgentVerifier($input: RevokeAgentVerifierInput!) {\n    revokeAgentVerifier(input: $input) {\n      __typename\n      ... on RevokeAgentVerifierPayload {\n        verifier {\n          ...AgentVerifierFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRevokeAgentVerifierDocument,
    "\n  mutation SdkCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload {\n        membership {\n          ...MembershipFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateMembershipDocument,
    "\n  mutation SdkUpdateMembership($input: UpdateMembershipInput!) {\n    updateMembership(input: $input) {\n      __typename\n      ... on UpdateMembershipPayload {\n        membership {\n          ...MembershipFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkUpdateMembershipDocument,
    "\n  mutation SdkDeleteMembership($input: DeleteMembershipInput!) {\n    deleteMembership(input: $input) {\n      __typename\n      ... on DeleteMembershipPayload {\n        deletedMembershipId\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkDeleteMembershipDocument,
    "\n  query SdkListMembers($organizationId: ID!, $first: Int, $after: String) {\n    organization(id: $organizationId) {\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...MembershipFields\n          }\n        }\n      }\n    }\n  }\n": types.SdkListMembersDocument,
    "\n  mutation SdkCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload {\n        secret\n        token\n        apiKey {\n          ...ApiKeyFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateApiKeyDocument,
    "\n  mutation SdkRevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on RevokeApiKeyPayload {\n        apiKey {\n          ...ApiKeyFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRevokeApiKeyDocument,
    "\n  query SdkListOrganizationApiKeys($organizationId: ID!, $first: Int, $after: String) {\n    organization(id: $organizationId) {\n      apiKeys(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...ApiKeyFields\n          }\n        }\n      }\n    }\n  }\n": types.SdkListOrganizationApiKeysDocument,
    "\n  query SdkListAccountApiKeys($first: Int, $after: String) {\n    viewer {\n      account {\n        apiKeys(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...ApiKeyFields\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SdkListAccountApiKeysDocument,
    "\n  mutation SdkCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload {\n        token\n        invitation {\n          ...InvitationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateInvitationDocument,
    "\n  mutation SdkRevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on RevokeInvitationPayload {\n        invitation {\n          ...InvitationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRevokeInvitationDocument,
    "\n  query SdkListInvitations($organizationId: ID!, $first: Int, $after: String, $status: InvitationStatus) {\n    organization(id: $organizationId) {\n      invitations(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...InvitationFields\n          }\n        }\n      }\n    }\n  }\n": types.SdkListInvitationsDocument,
    "\n  mutation SdkRevokeSession($input: RevokeSessionInput!) {\n    revokeSession(input: $input) {\n      __typename\n      ... on RevokeSessionPayload {\n        session {\n          ...SessionFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRevokeSessionDocument,
    "\n  mutation SdkRevokeUserSessions($input: RevokeUserSessionsInput!) {\n    revokeUserSessions(input: $input) {\n      __typename\n      ... on RevokeUserSessionsPayload {\n        revokedCount\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRevokeUserSessionsDocument,
    "\n  mutation SdkRevokeOrganizationSessions($input: RevokeOrganizationSessionsInput!) {\n    revokeOrganizationSessions(input: $input) {\n      __typename\n      ... on RevokeOrganizationSessionsPayload {\n        revokedCount\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRevokeOrganizationSessionsDocument,
    "\n  query SdkListEvents($first: Int, $after: String, $filter: EventFilter) {\n    events(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...EventFields\n        }\n      }\n    }\n  }\n": types.SdkListEventsDocument,
    "\n  subscription SdkSubscribeEvents($filter: EventStreamFilter, $after: ID) {\n    events(filter: $filter, after: $after) {\n      ...EventFields\n    }\n  }\n": types.SdkSubscribeEventsDocument,
    "\n  mutation SdkCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on CreateWebhookEndpointPayload {\n        secret\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkCreateWebhookEndpointDocument,
    "\n  mutation SdkUpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on UpdateWebhookEndpointPayload {\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkUpdateWebhookEndpointDocument,
    "\n  mutation SdkDeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      __typename\n      ... on DeleteWebhookEndpointPayload {\n        deletedWebhookEndpointId\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkDeleteWebhookEndpointDocument,
    "\n  mutation SdkRotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      __typename\n      ... on RotateWebhookSecretPayload {\n        secret\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkRotateWebhookSecretDocument,
    "\n  mutation SdkSendTestEvent($input: SendTestEventInput!) {\n    sendTestEvent(input: $input) {\n      __typename\n      ... on SendTestEventPayload {\n        event {\n          ...EventFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n": types.SdkSendTestEventDocument,
    "\n  query SdkGetWebhookEndpoint($id: ID!) {\n    webhookEndpoint(id: $id) {\n      ...WebhookEndpointFields\n    }\n  }\n": types.SdkGetWebhookEndpointDocument,
    "\n  query SdkListWebhookEndpoints($first: Int, $after: String) {\n    webhookEndpoints(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...WebhookEndpointFields\n        }\n      }\n    }\n  }\n": types.SdkListWebhookEndpointsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n  fragment ErrorFields on Error {\n    __typename\n    code\n    message\n    ... on ValidationError {\n      fields {\n        path\n        message\n      }\n    }\n    ... on NotFoundError {\n      resourceId\n    }\n    ... on ConflictError {\n      field\n    }\n    ... on LimitReachedError {\n      limit\n    }\n  }\n  fragment IssuerFields on Issuer {\n    id\n    name\n    signingAlg\n    mfaPolicy\n    accessTokenTtlSeconds\n    sessionIdleTimeoutSeconds\n    sessionAbsoluteLifetimeSeconds\n    createdAt\n    updatedAt\n  }\n  fragment ClientFields on Client {\n    id\n    name\n    type\n    applicationType\n    confidential\n    grantTypes\n    redirectUris\n    postLogoutRedirectUris\n    scopes\n    tokenEndpointAuthMethod\n    idTokenSignedResponseAlg\n    accessTokenTtlSeconds\n    secretPrefix\n    metadata\n    createdAt\n  }\n  fragment OrganizationFields on Organization {\n    id\n    name\n    slug\n    status\n    orgType\n    contactEmail\n    contactPhone\n    customFields\n    metadata\n    memberLimit\n    defaultMemberScopes\n    ssoOnly\n    mfaPolicy\n    domains {\n      domain\n      verified\n    }\n    suspendedAt\n    createdAt\n    updatedAt\n  }\n  fragment UserFields on User {\n    id\n    username\n    usernameType\n    email\n    emailVerified\n    firstName\n    lastName\n    status\n    metadata\n    hasPassword\n    mfaEnrolled\n    createdAt\n    updatedAt\n  }\n  fragment AgentFields on Agent {\n    id\n    name\n    description\n    scopes\n    status\n    metadata\n    createdAt\n  }\n  fragment AgentVerifierFields on AgentVerifier {\n    id\n    type\n    status\n    secretPrefix\n    publicJwk\n    createdAt\n    revokedAt\n  }\n  fragment MembershipFields on Membership {\n    id\n    memberId\n    scopes\n    status\n    title\n    metadata\n    createdAt\n    updatedAt\n  }\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    ipAllowlist\n    status\n    expiresAt\n    lastUsedAt\n    revokedAt\n    createdAt\n    organization {\n      id\n    }\n  }\n  fragment InvitationFields on Invitation {\n    id\n    email\n    scopes\n    status\n    expiresAt\n    acceptedAt\n    revokedAt\n    createdAt\n  }\n  fragment SessionFields on Session {\n    id\n    status\n    organizationId\n    userAgent\n    ip\n    authenticatedAt\n    lastSeenAt\n    expiresAt\n    revokedAt\n    revokedReason\n    createdAt\n  }\n  fragment EventFields on Event {\n    id\n    specversion\n    type\n    source\n    subject\n    time\n    issuerId\n    organizationId\n    metered\n    data\n    actor {\n      type\n      id\n      onBehalfOf\n    }\n  }\n  fragment WebhookEndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    eventTypes\n    status\n    disabledReason\n    consecutiveFailures\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql.js').PageInfoFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload {\n        issuer {\n          ...IssuerFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateIssuerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateIssuer($input: UpdateIssuerInput!) {\n    updateIssuer(input: $input) {\n      __typename\n      ... on UpdateIssuerPayload {\n        issuer {\n          ...IssuerFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateIssuerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRotateSigningKeys($input: RotateSigningKeysInput!) {\n    rotateSigningKeys(input: $input) {\n      __typename\n      ... on RotateSigningKeysPayload {\n        kid\n        activatesAt\n        previousKids\n        previousVerifyUntil\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRotateSigningKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkGetIssuer($id: ID!) {\n    issuer(id: $id) {\n      ...IssuerFields\n    }\n  }\n"): typeof import('./graphql.js').SdkGetIssuerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListIssuers($first: Int, $after: String) {\n    issuers(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...IssuerFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListIssuersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      __typename\n      ... on CreateClientPayload {\n        secret\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateClient($input: UpdateClientInput!) {\n    updateClient(input: $input) {\n      __typename\n      ... on UpdateClientPayload {\n        changed\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRotateClientSecret($input: RotateClientSecretInput!) {\n    rotateClientSecret(input: $input) {\n      __typename\n      ... on RotateClientSecretPayload {\n        secret\n        previousSecretExpiresAt\n        client {\n          ...ClientFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRotateClientSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkGetClient($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Client {\n        ...ClientFields\n        issuer {\n          id\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkGetClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListClients($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      clients(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...ClientFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListClientsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on UpdateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkSuspendOrganization($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on SuspendOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkSuspendOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkReactivateOrganization($input: ReactivateOrganizationInput!) {\n    reactivateOrganization(input: $input) {\n      __typename\n      ... on ReactivateOrganizationPayload {\n        organization {\n          ...OrganizationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkReactivateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkDeleteOrganization($input: DeleteOrganizationInput!) {\n    deleteOrganization(input: $input) {\n      __typename\n      ... on DeleteOrganizationPayload {\n        deletedOrganizationId\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkDeleteOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkGetOrganization($id: ID!) {\n    organization(id: $id) {\n      ...OrganizationFields\n      issuer {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkGetOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListOrganizations($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      organizations(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...OrganizationFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListOrganizationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      __typename\n      ... on UpdateUserPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkDeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      __typename\n      ... on DeleteUserPayload {\n        deletedUserId\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkDeleteUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkSetUserPassword($input: SetUserPasswordInput!) {\n    setUserPassword(input: $input) {\n      __typename\n      ... on SetUserPasswordPayload {\n        user {\n          ...UserFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkSetUserPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkGetUser($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on User {\n        ...UserFields\n        issuerId\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkGetUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListUsers($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      users(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...UserFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListUserSessions($userId: ID!, $first: Int, $after: String, $status: SessionStatus) {\n    node(id: $userId) {\n      __typename\n      ... on User {\n        sessions(first: $first, after: $after, status: $status) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...SessionFields\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListUserSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListUserMemberships($userId: ID!, $first: Int, $after: String) {\n    node(id: $userId) {\n      __typename\n      ... on User {\n        memberships(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...MembershipFields\n              organization {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListUserMembershipsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateAgent($input: CreateAgentInput!) {\n    createAgent(input: $input) {\n      __typename\n      ... on CreateAgentPayload {\n        agent {\n          ...AgentFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateAgentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateAgent($input: UpdateAgentInput!) {\n    updateAgent(input: $input) {\n      __typename\n      ... on UpdateAgentPayload {\n        agent {\n          ...AgentFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateAgentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkGetAgent($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Agent {\n        ...AgentFields\n        verifiers {\n          ...AgentVerifierFields\n        }\n        issuerId\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkGetAgentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListAgents($issuerId: ID!, $first: Int, $after: String) {\n    issuer(id: $issuerId) {\n      agents(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...AgentFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListAgentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateAgentVerifier($input: CreateAgentVerifierInput!) {\n    createAgentVerifier(input: $input) {\n      __typename\n      ... on CreateAgentVerifierPayload {\n        secret\n        verifier {\n          ...AgentVerifierFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateAgentVerifierDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRevokeAgentVerifier($input: RevokeAgentVerifierInput!) {\n    revokeAgentVerifier(input: $input) {\n      __typename\n      ... on RevokeAgentVerifierPayload {\n        verifier {\n          ...AgentVerifierFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRevokeAgentVerifierDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload {\n        membership {\n          ...MembershipFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateMembership($input: UpdateMembershipInput!) {\n    updateMembership(input: $input) {\n      __typename\n      ... on UpdateMembershipPayload {\n        membership {\n          ...MembershipFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkDeleteMembership($input: DeleteMembershipInput!) {\n    deleteMembership(input: $input) {\n      __typename\n      ... on DeleteMembershipPayload {\n        deletedMembershipId\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkDeleteMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListMembers($organizationId: ID!, $first: Int, $after: String) {\n    organization(id: $organizationId) {\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...MembershipFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload {\n        secret\n        token\n        apiKey {\n          ...ApiKeyFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on RevokeApiKeyPayload {\n        apiKey {\n          ...ApiKeyFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListOrganizationApiKeys($organizationId: ID!, $first: Int, $after: String) {\n    organization(id: $organizationId) {\n      apiKeys(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...ApiKeyFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListOrganizationApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListAccountApiKeys($first: Int, $after: String) {\n    viewer {\n      account {\n        apiKeys(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            ...PageInfoFields\n          }\n          edges {\n            node {\n              ...ApiKeyFields\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListAccountApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload {\n        token\n        invitation {\n          ...InvitationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on RevokeInvitationPayload {\n        invitation {\n          ...InvitationFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRevokeInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListInvitations($organizationId: ID!, $first: Int, $after: String, $status: InvitationStatus) {\n    organization(id: $organizationId) {\n      invitations(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          ...PageInfoFields\n        }\n        edges {\n          node {\n            ...InvitationFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListInvitationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRevokeSession($input: RevokeSessionInput!) {\n    revokeSession(input: $input) {\n      __typename\n      ... on RevokeSessionPayload {\n        session {\n          ...SessionFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRevokeSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRevokeUserSessions($input: RevokeUserSessionsInput!) {\n    revokeUserSessions(input: $input) {\n      __typename\n      ... on RevokeUserSessionsPayload {\n        revokedCount\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRevokeUserSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRevokeOrganizationSessions($input: RevokeOrganizationSessionsInput!) {\n    revokeOrganizationSessions(input: $input) {\n      __typename\n      ... on RevokeOrganizationSessionsPayload {\n        revokedCount\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRevokeOrganizationSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListEvents($first: Int, $after: String, $filter: EventFilter) {\n    events(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...EventFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkSubscribeEvents($filter: EventStreamFilter, $after: ID) {\n    events(filter: $filter, after: $after) {\n      ...EventFields\n    }\n  }\n"): typeof import('./graphql.js').SdkSubscribeEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on CreateWebhookEndpointPayload {\n        secret\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkCreateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on UpdateWebhookEndpointPayload {\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkUpdateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkDeleteWebhookEndpoint($input: DeleteWebhookEndpointInput!) {\n    deleteWebhookEndpoint(input: $input) {\n      __typename\n      ... on DeleteWebhookEndpointPayload {\n        deletedWebhookEndpointId\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkDeleteWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkRotateWebhookSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      __typename\n      ... on RotateWebhookSecretPayload {\n        secret\n        webhookEndpoint {\n          ...WebhookEndpointFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkRotateWebhookSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkSendTestEvent($input: SendTestEventInput!) {\n    sendTestEvent(input: $input) {\n      __typename\n      ... on SendTestEventPayload {\n        event {\n          ...EventFields\n        }\n      }\n      ...ErrorFields\n    }\n  }\n"): typeof import('./graphql.js').SdkSendTestEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkGetWebhookEndpoint($id: ID!) {\n    webhookEndpoint(id: $id) {\n      ...WebhookEndpointFields\n    }\n  }\n"): typeof import('./graphql.js').SdkGetWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkListWebhookEndpoints($first: Int, $after: String) {\n    webhookEndpoints(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        ...PageInfoFields\n      }\n      edges {\n        node {\n          ...WebhookEndpointFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SdkListWebhookEndpointsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
