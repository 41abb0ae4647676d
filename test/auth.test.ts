/**
 * Authentication at the HTTP edge (HTTP Basic with an account API key), what the credential sees,
 * and the open operational routes (health, readiness, metrics).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { createClient } from './helpers/graphql.js';
import { createIssuer, createOrganization } from './helpers/fixtures.js';
import { ask, dbCounts, postText, send } from './helpers/state.js';
import { newId } from '../src/lib/ids.js';
import { randomSecret } from '../src/lib/crypto.js';

const CREATE_ISSUER = `
  mutation AuthCreateIssuer($input: CreateIssuerInput!) {
    createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } }
  }
`;
const VIEWER = `query AuthViewer { viewer { id type account { id name } } }`;
const NODE = `query AuthNode($id: ID!) { node(id: $id) { __typename id } }`;
const NODES = `query AuthNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Posts a createIssuer mutation with the given Authorization header (or none). */
  async function attempt(authorization: string | null) {
    const body = JSON.stringify({ query: CREATE_ISSUER, variables: { input: { name: `should-not-exist-${Math.random()}` } } });
    return postText(server.url, body, authorization === null ? {} : { authorization });
  }

  async function expect401(authorization: string | null) {
    const before = await dbCounts(server.app);
    const res = await attempt(authorization);
    expect(res.status, String(authorization)).toBe(401);
    expect(res.headers.get('www-authenticate'), String(authorization)).toMatch(/^Basic realm="authgraph"/);
    const body = JSON.parse(res.text);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }]);
    // the mutation never ran
    expect(await dbCounts(server.app), String(authorization)).toEqual(before);
    return body;
  }

  it('answers 401 with WWW-Authenticate: Basic when no credential is presented', async () => {
    await expect401(null);
    // a query is refused the same way, before GraphQL runs
    const anonymous = createClient(server.url, null);
    const res = await send(anonymous, VIEWER);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    expect(res.data).toBeUndefined();
  });

  it('answers 401 for a wrong secret of the real key id', async () => {
    await expect401(`Basic ${b64(`${server.keyId}:${randomSecret()}`)}`);
    // a secret that differs only in its last character
    const almost = server.keySecret.slice(0, -1) + (server.keySecret.endsWith('A') ? 'B' : 'A');
    await expect401(`Basic ${b64(`${server.keyId}:${almost}`)}`);
    // the secret of the key with a suffix
    await expect401(`Basic ${b64(`${server.keyId}:${server.keySecret}x`)}`);
  });

  it('answers 401 for an unknown key id, well-formed or not', async () => {
    await expect401(`Basic ${b64(`${newId('apiKey')}:${server.keySecret}`)}`);
    await expect401(`Basic ${b64(`key_nope:${server.keySecret}`)}`);
    // an id of another kind with the right secret
    await expect401(`Basic ${b64(`${newId('organization')}:${server.keySecret}`)}`);
  });

  it.each([
    ['not base64', 'Basic !!!not-base64!!!'],
    ['empty credentials', 'Basic '],
    ['the scheme alone', 'Basic'],
    ['no colon', () => `Basic ${b64('key_whatever_without_colon')}`],
    ['empty secret', (s: TestServer) => `Basic ${b64(`${s.keyId}:`)}`],
    ['empty key id', (s: TestServer) => `Basic ${b64(`:${s.keySecret}`)}`],
    ['Bearer garbage', 'Bearer garbage.garbage.garbage'],
    ['Bearer with the key secret', (s: TestServer) => `Bearer ${s.keySecret}`],
    ['the raw secret without a scheme', (s: TestServer) => `${s.keyId}:${s.keySecret}`],
    ['Digest scheme', 'Digest username="x", realm="authgraph"'],
  ])('answers 401 for a malformed Authorization header: %s', async (_label, header) => {
    await expect401(typeof header === 'function' ? header(server) : header);
  });

  it('accepts the real key (the refusals above are about the credential, not the request)', async () => {
    const res = await attempt(`Basic ${b64(`${server.keyId}:${server.keySecret}`)}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).data.createIssuer.__typename).toBe('CreateIssuerPayload');
  });

  it('viewer is the account API key that made the request', async () => {
    const data = await ask(server.gql, VIEWER);
    expect(data.viewer).toEqual({
      id: server.keyId,
      type: 'ACCOUNT_API_KEY',
      account: { id: expect.stringMatching(/^acct_[0-9a-z]{26}$/), name: 'default' },
    });
    expect(data.viewer.account.id).toBe(server.app.bootstrap?.accountId);
  });

  it('node(id) of a well-formed id that does not exist is null, not an error (as another tenant’s would be)', async () => {
    const issuer = await createIssuer(server.gql);
    const org = await createOrganization(server.gql, issuer.id);
    for (const id of [
      newId('organization'),
      newId('issuer'),
      newId('user'),
      newId('membership'),
      newId('invitation'),
      newId('client'),
      newId('agent'),
      newId('event'),
      newId('account'),
    ]) {
      const res = await send(server.gql, NODE, { id });
      expect(res.status, id).toBe(200);
      expect(res.errors, id).toBeUndefined();
      expect(res.data, id).toEqual({ node: null });
    }
    // the same query with ids that exist does answer
    expect((await ask(server.gql, NODE, { id: org.id })).node).toEqual({ __typename: 'Organization', id: org.id });
    expect((await ask(server.gql, NODE, { id: issuer.id })).node).toEqual({ __typename: 'Issuer', id: issuer.id });
    expect((await ask(server.gql, NODE, { id: server.app.bootstrap!.accountId })).node).toEqual({
      __typename: 'Account',
      id: server.app.bootstrap!.accountId,
    });
    const nodes = await send(server.gql, NODES, { ids: [org.id, newId('organization'), issuer.id] });
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data?.nodes).toEqual([{ __typename: 'Organization', id: org.id }, null, { __typename: 'Issuer', id: issuer.id }]);
  });
});

describe('operational routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ METRICS_TOKEN: 'metrics-token-for-tests' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('GET /healthz answers 200 without a credential', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'up' });
  });

  it('GET /readyz answers 200 with the database up', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'up' });
  });

  it('GET /metrics exposes authgraph_http_requests_total, counting requests by route and status', async () => {
    await fetch(`${server.url}/healthz`);
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{__typename}"}',
    });
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-tests' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE authgraph_http_requests_total counter');
    expect(text).toMatch(/authgraph_http_requests_total\{route="\/healthz",status="200"\} [1-9]/);
    expect(text).toMatch(/authgraph_http_requests_total\{route="\/graphql",status="401"\} [1-9]/);
  });

  it('answers 404 for an unknown path', async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
  });
});
