/**
 * The canonical quickstart (seed 003, steps 1–6) through the GraphQL Core API with typed
 * documents, against a real server on a free port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startServer, type TestServer } from './helpers/server.js';
import { expectType } from './helpers/fixtures.js';

const CreateIssuer = graphql(`
  mutation QuickstartCreateIssuer($input: CreateIssuerInput!) {
    createIssuer(input: $input) {
      __typename
      ... on CreateIssuerPayload { issuer { id name signingAlg } }
      ... on Error { code message }
    }
  }
`);

const CreateClient = graphql(`
  mutation QuickstartCreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      __typename
      ... on CreateClientPayload { secret client { id name confidential grantTypes redirectUris scopes secretPrefix } }
      ... on Error { code message }
    }
  }
`);

const ReadClient = graphql(`
  query QuickstartReadClient($id: ID!) {
    node(id: $id) { __typename ... on Client { id name secretPrefix } }
  }
`);

const CreateOrganization = graphql(`
  mutation QuickstartCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id name slug status } }
      ... on Error { code message }
    }
  }
`);

const CreateUser = graphql(`
  mutation QuickstartCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on CreateUserPayload { user { id username email firstName lastName } }
      ... on Error { code message }
    }
  }
`);

const CreateMembership = graphql(`
  mutation QuickstartCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) {
      __typename
      ... on CreateMembershipPayload { membership { id scopes user { id } organization { id } } }
      ... on Error { code message }
    }
  }
`);

const CreateApiKey = graphql(`
  mutation QuickstartCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { secret token apiKey { id name scopes prefix } }
      ... on Error { code message }
    }
  }
`);

const Trail = graphql(`
  query QuickstartTrail($first: Int) {
    events(first: $first) {
      edges { node { id type subject specversion source actor { type id } data } }
    }
  }
`);

const UserMemberships = graphql(`
  query QuickstartUserMemberships($id: ID!) {
    node(id: $id) {
      ... on User { memberships(first: 10) { totalCount edges { node { scopes organization { id name } } } } }
    }
  }
`);

describe('quickstart through GraphQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs issuer → client → organization → user → membership → org API key + whoami, and the trail lists every step newest first', async () => {
    const { gql } = server;
    const issuer = expectType(
      (await gql.request(CreateIssuer, { input: { name: 'acme-prod' } })).createIssuer,
      'CreateIssuerPayload',
    ).issuer;
    expect(issuer.id).toMatch(/^i_[0-9a-z]{26}$/);

    const created = expectType(
      (
        await gql.request(CreateClient, {
          input: {
            issuerId: issuer.id,
            name: 'acme-web',
            type: 'EXTERNAL',
            confidential: true,
            scopes: ['openid', 'profile'],
            grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
            redirectUris: ['http://localhost:3000/api/auth/callback'],
          },
        })
      ).createClient,
      'CreateClientPayload',
    );
    expect(created.client.id).toMatch(/^c_/);
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.client.secretPrefix).toBe(created.secret!.slice(0, 6));
    // The secret is never readable again: the schema has no field for it, and reading the client back shows the prefix only.
    const readBack = await gql.request(ReadClient, { id: created.client.id });
    expect(JSON.stringify(readBack)).not.toContain(created.secret!);

    const org = expectType(
      (await gql.request(CreateOrganization, { input: { issuerId: issuer.id, name: 'Globex Corp' } })).createOrganization,
      'CreateOrganizationPayload',
    ).organization;
    expect(org).toMatchObject({ name: 'Globex Corp', slug: 'globex-corp', status: 'ACTIVE' });

    const user = expectType(
      (
        await gql.request(CreateUser, {
          input: { issuerId: issuer.id, usernameType: 'EMAIL', username: 'ada@globex.example', firstName: 'Ada', lastName: 'Lovelace' },
        })
      ).createUser,
      'CreateUserPayload',
    ).user;
    expect(user).toMatchObject({ username: 'ada@globex.example', email: 'ada@globex.example', firstName: 'Ada', lastName: 'Lovelace' });

    const membership = expectType(
      (
        await gql.request(CreateMembership, {
          input: { organizationId: org.id, memberId: user.id, scopes: ['invoices:read', 'invoices:write'] },
        })
      ).createMembership,
      'CreateMembershipPayload',
    ).membership;
    expect(membership.scopes).toEqual(['invoices:read', 'invoices:write']);
    expect(membership.user?.id).toBe(user.id);

    const mine = await gql.request(UserMemberships, { id: user.id });
    expect(mine.node && 'memberships' in mine.node ? mine.node.memberships.totalCount : -1).toBe(1);

    // 5. an organization API key scoped to invoices:read, verified the way the tenant's API will
    const key = expectType(
      (await gql.request(CreateApiKey, { input: { organizationId: org.id, name: 'globex-backend', scopes: ['invoices:read'] } }))
        .createApiKey,
      'CreateApiKeyPayload',
    );
    const who = await fetch(`${server.url}/v1/me`, {
      headers: { authorization: `Basic ${Buffer.from(`${key.apiKey.id}:${key.secret}`).toString('base64')}` },
    });
    expect(who.status).toBe(200);
    expect((await who.json()).data).toMatchObject({ type: 'api_key', organizations: [{ org_id: org.id, scopes: ['invoices:read'] }] });
    await server.app.flushMetered();

    // 6. the event trail, newest first
    const trail = await gql.request(Trail, { first: 20 });
    const types = trail.events.edges.map((e) => e.node.type);
    expect(types.slice(0, 2)).toEqual(['api-key.verified', 'api-key.created']);
    expect(types.slice(2, 7)).toEqual([
      'organization.membership.created',
      'user.created',
      'organization.created',
      'client.created',
      'issuer.created',
    ]);
    const ids = trail.events.edges.map((e) => e.node.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const membershipEvent = trail.events.edges[2]!.node;
    expect(membershipEvent).toMatchObject({
      subject: membership.id,
      specversion: '1.0',
      source: `/issuers/${issuer.id}`,
      actor: { type: 'api_key', id: server.keyId },
    });
    // No event carries a secret or its hash.
    expect(JSON.stringify(trail)).not.toContain(created.secret!);
    expect(JSON.stringify(trail)).not.toContain(key.secret);
    expect(JSON.stringify(trail)).not.toContain('secretHash');
  });
});
