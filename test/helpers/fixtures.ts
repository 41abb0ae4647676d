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

export async function createOrganization(gql: GraphQLClient, issuerId: string, extra: { name?: string; memberLimit?: number; defaultMemberScopes?: string[] } = {}) {
  const r = await gql.request(CreateOrganization, { input: { issuerId, name: extra.name ?? unique('Org'), memberLimit: extra.memberLimit, defaultMemberScopes: extra.defaultMemberScopes } });
  return expectType(r.createOrganization, 'CreateOrganizationPayload').organization;
}

export async function createUser(gql: GraphQLClient, issuerId: string, username = `${unique('user')}@example.com`) {
  const r = await gql.request(CreateUser, { input: { issuerId, username } });
  return expectType(r.createUser, 'CreateUserPayload').user;
}

export async function createMembership(gql: GraphQLClient, organizationId: string, memberId: string, scopes: string[] = ['invoices:read']) {
  const r = await gql.request(CreateMembership, { input: { organizationId, memberId, scopes } });
  return expectType(r.createMembership, 'CreateMembershipPayload').membership;
}

export { expectType };
