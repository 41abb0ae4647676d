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
    "\n  mutation ReasonSuspend($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on SuspendOrganizationPayload { organization { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n    }\n  }\n": typeof types.ReasonSuspendDocument,
    "\n  mutation ReasonCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload { invitation { id } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": typeof types.ReasonCreateInvitationDocument,
    "\n  mutation ReasonRevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on RevokeInvitationPayload { invitation { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n    }\n  }\n": typeof types.ReasonRevokeInvitationDocument,
    "\n  mutation ReasonRevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on RevokeApiKeyPayload { apiKey { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": typeof types.ReasonRevokeApiKeyDocument,
    "\n  mutation ReasonCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id } }\n      ... on Error { code message }\n      ... on ConflictError { reason field }\n    }\n  }\n": typeof types.ReasonCreateOrganizationDocument,
    "\n  mutation ReasonCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id } }\n      ... on Error { code message }\n      ... on ConflictError { reason field }\n      ... on LimitReachedError { reason limit }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": typeof types.ReasonCreateMembershipDocument,
    "\n  mutation ReasonCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { apiKey { id } }\n      ... on Error { code message }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": typeof types.ReasonCreateApiKeyDocument,
    "\n  query ReasonInvitationStatus($id: ID!, $org: ID!) {\n    node(id: $id) { ... on Invitation { id status expiresAt } }\n    organization(id: $org) {\n      pending: invitations(first: 10, status: PENDING) { totalCount edges { node { id } } }\n      expired: invitations(first: 10, status: EXPIRED) { totalCount edges { node { id } } }\n    }\n  }\n": typeof types.ReasonInvitationStatusDocument,
    "\n  mutation FixtureCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload { issuer { id name } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.FixtureCreateIssuerDocument,
    "\n  mutation FixtureCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id slug status memberLimit } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.FixtureCreateOrganizationDocument,
    "\n  mutation FixtureCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload { user { id username } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.FixtureCreateUserDocument,
    "\n  mutation FixtureCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id scopes } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.FixtureCreateMembershipDocument,
    "\n  mutation FixtureCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret token apiKey { id scopes } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.FixtureCreateApiKeyDocument,
    "\n  mutation FixtureCreatePersonalToken($input: CreatePersonalTokenInput!) {\n    createPersonalToken(input: $input) {\n      __typename\n      ... on CreatePersonalTokenPayload { token personalToken { id scopes } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.FixtureCreatePersonalTokenDocument,
    "\n  mutation FixtureCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload { token acceptUrl invitation { id email scopes status expiresAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.FixtureCreateInvitationDocument,
    "\n  mutation PatCreate($input: CreatePersonalTokenInput!) {\n    createPersonalToken(input: $input) {\n      __typename\n      ... on CreatePersonalTokenPayload { token personalToken { id prefix scopes status } }\n      ... on Error { code message }\n      ... on ValidationError { fields { path message } }\n    }\n  }\n": typeof types.PatCreateDocument,
    "\n  mutation QuickstartCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload { issuer { id name signingAlg } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.QuickstartCreateIssuerDocument,
    "\n  mutation QuickstartCreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      __typename\n      ... on CreateClientPayload { secret client { id name confidential grantTypes redirectUris scopes secretPrefix } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.QuickstartCreateClientDocument,
    "\n  query QuickstartReadClient($id: ID!) {\n    node(id: $id) { __typename ... on Client { id name secretPrefix } }\n  }\n": typeof types.QuickstartReadClientDocument,
    "\n  mutation QuickstartCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id name slug status } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.QuickstartCreateOrganizationDocument,
    "\n  mutation QuickstartCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload { user { id username email firstName lastName } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.QuickstartCreateUserDocument,
    "\n  mutation QuickstartCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id scopes user { id } organization { id } } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.QuickstartCreateMembershipDocument,
    "\n  mutation QuickstartCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret token apiKey { id name scopes prefix } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.QuickstartCreateApiKeyDocument,
    "\n  query QuickstartTrail($first: Int) {\n    events(first: $first) {\n      edges { node { id type subject specversion source actor { type id } data } }\n    }\n  }\n": typeof types.QuickstartTrailDocument,
    "\n  query QuickstartUserMemberships($id: ID!) {\n    node(id: $id) {\n      ... on User { memberships(first: 10) { totalCount edges { node { scopes organization { id name } } } } }\n    }\n  }\n": typeof types.QuickstartUserMembershipsDocument,
    "mutation HardeningClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }": typeof types.HardeningClientDocument,
    "mutation HardeningOrgMfa($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Error { code message } } }": typeof types.HardeningOrgMfaDocument,
    "mutation HardeningSwitch($input: SwitchOrganizationInput!) { switchOrganization(input: $input) { __typename ... on Error { code message } } }": typeof types.HardeningSwitchDocument,
    "mutation HardeningRevokeAll($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { __typename ... on RevokeUserSessionsPayload { revokedCount } ... on Error { code } } }": typeof types.HardeningRevokeAllDocument,
};
const documents: Documents = {
    "\n  mutation ReasonSuspend($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on SuspendOrganizationPayload { organization { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n    }\n  }\n": types.ReasonSuspendDocument,
    "\n  mutation ReasonCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload { invitation { id } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": types.ReasonCreateInvitationDocument,
    "\n  mutation ReasonRevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on RevokeInvitationPayload { invitation { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n    }\n  }\n": types.ReasonRevokeInvitationDocument,
    "\n  mutation ReasonRevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on RevokeApiKeyPayload { apiKey { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": types.ReasonRevokeApiKeyDocument,
    "\n  mutation ReasonCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id } }\n      ... on Error { code message }\n      ... on ConflictError { reason field }\n    }\n  }\n": types.ReasonCreateOrganizationDocument,
    "\n  mutation ReasonCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id } }\n      ... on Error { code message }\n      ... on ConflictError { reason field }\n      ... on LimitReachedError { reason limit }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": types.ReasonCreateMembershipDocument,
    "\n  mutation ReasonCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { apiKey { id } }\n      ... on Error { code message }\n      ... on ForbiddenError { reason field }\n    }\n  }\n": types.ReasonCreateApiKeyDocument,
    "\n  query ReasonInvitationStatus($id: ID!, $org: ID!) {\n    node(id: $id) { ... on Invitation { id status expiresAt } }\n    organization(id: $org) {\n      pending: invitations(first: 10, status: PENDING) { totalCount edges { node { id } } }\n      expired: invitations(first: 10, status: EXPIRED) { totalCount edges { node { id } } }\n    }\n  }\n": types.ReasonInvitationStatusDocument,
    "\n  mutation FixtureCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload { issuer { id name } }\n      ... on Error { code message }\n    }\n  }\n": types.FixtureCreateIssuerDocument,
    "\n  mutation FixtureCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id slug status memberLimit } }\n      ... on Error { code message }\n    }\n  }\n": types.FixtureCreateOrganizationDocument,
    "\n  mutation FixtureCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload { user { id username } }\n      ... on Error { code message }\n    }\n  }\n": types.FixtureCreateUserDocument,
    "\n  mutation FixtureCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id scopes } }\n      ... on Error { code message }\n    }\n  }\n": types.FixtureCreateMembershipDocument,
    "\n  mutation FixtureCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret token apiKey { id scopes } }\n      ... on Error { code message }\n    }\n  }\n": types.FixtureCreateApiKeyDocument,
    "\n  mutation FixtureCreatePersonalToken($input: CreatePersonalTokenInput!) {\n    createPersonalToken(input: $input) {\n      __typename\n      ... on CreatePersonalTokenPayload { token personalToken { id scopes } }\n      ... on Error { code message }\n    }\n  }\n": types.FixtureCreatePersonalTokenDocument,
    "\n  mutation FixtureCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload { token acceptUrl invitation { id email scopes status expiresAt } }\n      ... on Error { code message }\n    }\n  }\n": types.FixtureCreateInvitationDocument,
    "\n  mutation PatCreate($input: CreatePersonalTokenInput!) {\n    createPersonalToken(input: $input) {\n      __typename\n      ... on CreatePersonalTokenPayload { token personalToken { id prefix scopes status } }\n      ... on Error { code message }\n      ... on ValidationError { fields { path message } }\n    }\n  }\n": types.PatCreateDocument,
    "\n  mutation QuickstartCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload { issuer { id name signingAlg } }\n      ... on Error { code message }\n    }\n  }\n": types.QuickstartCreateIssuerDocument,
    "\n  mutation QuickstartCreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      __typename\n      ... on CreateClientPayload { secret client { id name confidential grantTypes redirectUris scopes secretPrefix } }\n      ... on Error { code message }\n    }\n  }\n": types.QuickstartCreateClientDocument,
    "\n  query QuickstartReadClient($id: ID!) {\n    node(id: $id) { __typename ... on Client { id name secretPrefix } }\n  }\n": types.QuickstartReadClientDocument,
    "\n  mutation QuickstartCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id name slug status } }\n      ... on Error { code message }\n    }\n  }\n": types.QuickstartCreateOrganizationDocument,
    "\n  mutation QuickstartCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload { user { id username email firstName lastName } }\n      ... on Error { code message }\n    }\n  }\n": types.QuickstartCreateUserDocument,
    "\n  mutation QuickstartCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id scopes user { id } organization { id } } }\n      ... on Error { code message }\n    }\n  }\n": types.QuickstartCreateMembershipDocument,
    "\n  mutation QuickstartCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret token apiKey { id name scopes prefix } }\n      ... on Error { code message }\n    }\n  }\n": types.QuickstartCreateApiKeyDocument,
    "\n  query QuickstartTrail($first: Int) {\n    events(first: $first) {\n      edges { node { id type subject specversion source actor { type id } data } }\n    }\n  }\n": types.QuickstartTrailDocument,
    "\n  query QuickstartUserMemberships($id: ID!) {\n    node(id: $id) {\n      ... on User { memberships(first: 10) { totalCount edges { node { scopes organization { id name } } } } }\n    }\n  }\n": types.QuickstartUserMembershipsDocument,
    "mutation HardeningClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }": types.HardeningClientDocument,
    "mutation HardeningOrgMfa($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Error { code message } } }": types.HardeningOrgMfaDocument,
    "mutation HardeningSwitch($input: SwitchOrganizationInput!) { switchOrganization(input: $input) { __typename ... on Error { code message } } }": types.HardeningSwitchDocument,
    "mutation HardeningRevokeAll($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { __typename ... on RevokeUserSessionsPayload { revokedCount } ... on Error { code } } }": types.HardeningRevokeAllDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReasonSuspend($input: SuspendOrganizationInput!) {\n    suspendOrganization(input: $input) {\n      __typename\n      ... on SuspendOrganizationPayload { organization { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n    }\n  }\n"): typeof import('./graphql.js').ReasonSuspendDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReasonCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload { invitation { id } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n      ... on ForbiddenError { reason field }\n    }\n  }\n"): typeof import('./graphql.js').ReasonCreateInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReasonRevokeInvitation($input: RevokeInvitationInput!) {\n    revokeInvitation(input: $input) {\n      __typename\n      ... on RevokeInvitationPayload { invitation { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n    }\n  }\n"): typeof import('./graphql.js').ReasonRevokeInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReasonRevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on RevokeApiKeyPayload { apiKey { id status } }\n      ... on Error { code message }\n      ... on InvalidStateError { reason }\n      ... on ForbiddenError { reason field }\n    }\n  }\n"): typeof import('./graphql.js').ReasonRevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReasonCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id } }\n      ... on Error { code message }\n      ... on ConflictError { reason field }\n    }\n  }\n"): typeof import('./graphql.js').ReasonCreateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReasonCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id } }\n      ... on Error { code message }\n      ... on ConflictError { reason field }\n      ... on LimitReachedError { reason limit }\n      ... on ForbiddenError { reason field }\n    }\n  }\n"): typeof import('./graphql.js').ReasonCreateMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReasonCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { apiKey { id } }\n      ... on Error { code message }\n      ... on ForbiddenError { reason field }\n    }\n  }\n"): typeof import('./graphql.js').ReasonCreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReasonInvitationStatus($id: ID!, $org: ID!) {\n    node(id: $id) { ... on Invitation { id status expiresAt } }\n    organization(id: $org) {\n      pending: invitations(first: 10, status: PENDING) { totalCount edges { node { id } } }\n      expired: invitations(first: 10, status: EXPIRED) { totalCount edges { node { id } } }\n    }\n  }\n"): typeof import('./graphql.js').ReasonInvitationStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload { issuer { id name } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').FixtureCreateIssuerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id slug status memberLimit } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').FixtureCreateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload { user { id username } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').FixtureCreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id scopes } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').FixtureCreateMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret token apiKey { id scopes } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').FixtureCreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreatePersonalToken($input: CreatePersonalTokenInput!) {\n    createPersonalToken(input: $input) {\n      __typename\n      ... on CreatePersonalTokenPayload { token personalToken { id scopes } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').FixtureCreatePersonalTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixtureCreateInvitation($input: CreateInvitationInput!) {\n    createInvitation(input: $input) {\n      __typename\n      ... on CreateInvitationPayload { token acceptUrl invitation { id email scopes status expiresAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').FixtureCreateInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PatCreate($input: CreatePersonalTokenInput!) {\n    createPersonalToken(input: $input) {\n      __typename\n      ... on CreatePersonalTokenPayload { token personalToken { id prefix scopes status } }\n      ... on Error { code message }\n      ... on ValidationError { fields { path message } }\n    }\n  }\n"): typeof import('./graphql.js').PatCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QuickstartCreateIssuer($input: CreateIssuerInput!) {\n    createIssuer(input: $input) {\n      __typename\n      ... on CreateIssuerPayload { issuer { id name signingAlg } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartCreateIssuerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QuickstartCreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      __typename\n      ... on CreateClientPayload { secret client { id name confidential grantTypes redirectUris scopes secretPrefix } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartCreateClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuickstartReadClient($id: ID!) {\n    node(id: $id) { __typename ... on Client { id name secretPrefix } }\n  }\n"): typeof import('./graphql.js').QuickstartReadClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QuickstartCreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload { organization { id name slug status } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartCreateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QuickstartCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on CreateUserPayload { user { id username email firstName lastName } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartCreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QuickstartCreateMembership($input: CreateMembershipInput!) {\n    createMembership(input: $input) {\n      __typename\n      ... on CreateMembershipPayload { membership { id scopes user { id } organization { id } } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartCreateMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation QuickstartCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret token apiKey { id name scopes prefix } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartCreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuickstartTrail($first: Int) {\n    events(first: $first) {\n      edges { node { id type subject specversion source actor { type id } data } }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartTrailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuickstartUserMemberships($id: ID!) {\n    node(id: $id) {\n      ... on User { memberships(first: 10) { totalCount edges { node { scopes organization { id name } } } } }\n    }\n  }\n"): typeof import('./graphql.js').QuickstartUserMembershipsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation HardeningClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }"): typeof import('./graphql.js').HardeningClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation HardeningOrgMfa($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Error { code message } } }"): typeof import('./graphql.js').HardeningOrgMfaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation HardeningSwitch($input: SwitchOrganizationInput!) { switchOrganization(input: $input) { __typename ... on Error { code message } } }"): typeof import('./graphql.js').HardeningSwitchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation HardeningRevokeAll($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { __typename ... on RevokeUserSessionsPayload { revokedCount } ... on Error { code } } }"): typeof import('./graphql.js').HardeningRevokeAllDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
