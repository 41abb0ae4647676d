/** Builders for the common objects, through the real GraphQL API (typed documents). */
import { graphql } from '../gql/index.js';
import type { GraphQLClient } from './graphql.js';

const CreateIssuer = graphql(`
  mutation FixtureCreateIssuer($input: CreateIssuerInput!) {
    createIssuer(input: $input) {
      __typename
      ... on CreateIssuerPayload { issuer { id name } }
      ... on Error { code message }
    }
  }
`);

const CreateOrganization = graphql(`
  mutation FixtureCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id slug status memberLimit } }
      ... on Error { code message }
    }
  }
`);

const CreateUser = graphql(`
  mutation FixtureCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on CreateUserPayload { user { id username } }
      ... on Error { code message }
    }
  }
`);

const CreateMembership = graphql(`
  mutation FixtureCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) {
      __typename
      ... on CreateMembershipPayload { membership { id scopes } }
      ... on Error { code message }
    }
  }
`);

const CreateApiKey = graphql(`
  mutation FixtureCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { secret token apiKey { id scopes } }
      ... on Error { code message }
    }
  }
`);

const CreatePersonalToken = graphql(`
  mutation FixtureCreatePersonalToken($input: CreatePersonalTokenInput!) {
    createPersonalToken(input: $input) {
      __typename
      ... on CreatePersonalTokenPayload { token personalToken { id scopes } }
      ... on Error { code message }
    }
  }
`);

const CreateInvitation = graphql(`
  mutation FixtureCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { token acceptUrl invitation { id email scopes status expiresAt } }
      ... on Error { code message }
    }
  }
`);

function expectType<T extends { __typename: string }, N extends T['__typename']>(value: T, typename: N): Extract<T, { __typename: N }> {
  if (value.__typename !== typename) throw new Error(`expected ${typename}, got ${JSON.stringify(value)}`);
  return value as Extract<T, { __typename: N }>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function createIssuer(gql: GraphQLClient, name = unique('issuer')) {
  const r = await gql.request(CreateIssuer, { input: { name } });
  return expectType(r.createIssuer, 'CreateIssuerPayload').issuer;
}

export async function createOrganization(
  gql: GraphQLClient,
  issuerId: string,
  extra: { name?: string; memberLimit?: number; defaultMemberScopes?: string[] } = {},
) {
  const r = await gql.request(CreateOrganization, {
    input: { issuerId, name: extra.name ?? unique('Org'), memberLimit: extra.memberLimit, defaultMemberScopes: extra.defaultMemberScopes },
  });
  return expectType(r.createOrganization, 'CreateOrganizationPayload').organization;
}

export async function createUser(
  gql: GraphQLClient,
  issuerId: string,
  username = `${unique('user')}@example.com`,
  extra: { email?: string; emailVerified?: boolean } = {},
) {
  const r = await gql.request(CreateUser, { input: { issuerId, username, ...extra } });
  return expectType(r.createUser, 'CreateUserPayload').user;
}

export async function createMembership(gql: GraphQLClient, organizationId: string, memberId: string, scopes: string[] = ['invoices:read']) {
  const r = await gql.request(CreateMembership, { input: { organizationId, memberId, scopes } });
  return expectType(r.createMembership, 'CreateMembershipPayload').membership;
}

/** An API key (`organizationId` omitted: an account key) with its secret and bearer token. */
export async function createApiKey(
  gql: GraphQLClient,
  input: { organizationId?: string; name?: string; scopes: string[]; expiresAt?: string; ipAllowlist?: string[]; rateLimit?: number },
) {
  const r = await gql.request(CreateApiKey, { input: { name: unique('key'), ...input } });
  const p = expectType(r.createApiKey, 'CreateApiKeyPayload');
  return { ...p.apiKey, secret: p.secret, token: p.token };
}

/** A personal token of `userId` in `organizationId` (the user must hold `scopes` there). */
export async function createPersonalToken(
  gql: GraphQLClient,
  input: { userId: string; organizationId: string; scopes: string[]; name?: string },
) {
  const r = await gql.request(CreatePersonalToken, { input: { name: unique('pat'), ...input } });
  const p = expectType(r.createPersonalToken, 'CreatePersonalTokenPayload');
  return { ...p.personalToken, token: p.token };
}

/** An invitation into `organizationId` (default: a new address, the organization's default scopes). */
export async function createInvitation(
  gql: GraphQLClient,
  input: { organizationId: string; email?: string; scopes?: string[]; expiresInHours?: number },
) {
  const r = await gql.request(CreateInvitation, { input: { email: `${unique('invitee')}@example.com`, ...input } });
  const p = expectType(r.createInvitation, 'CreateInvitationPayload');
  return { ...p.invitation, token: p.token, acceptUrl: p.acceptUrl };
}

export { expectType, unique };
