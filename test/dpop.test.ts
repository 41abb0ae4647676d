/**
 * DPoP (RFC 9449) against a real server: proofs at /token (typ, alg, jwk, htm, htu, iat, jti,
 * server nonces), `cnf.jkt` in access tokens, agents that must use DPoP, refresh tokens of public
 * clients bound to the key, and the binding enforced at /userinfo, /v1/me, GraphQL and the SDK
 * verifier (and graphql-ws, whose connection_init carries the proof): a bound token without its
 * proof, with another key's proof, or with a replayed proof is refused everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { createPostgresDatabase, startServer, type TestServer } from './helpers/server.js';
import { createClient } from './helpers/graphql.js';
import { redisAnswers, redisUrl } from './helpers/redis.js';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import { newId } from '../src/lib/ids.js';
import { DPOP_PROOFS_PER_KEY, InvalidDpopProof, verifyDpopProof } from '../src/oauth/dpop.js';
import { createReplayCache } from '../src/oauth/replay-cache.js';
import { verifyAccessToken, clearJwksCache } from '../packages/sdk/src/index.js';

type Obj = Record<string, unknown>;

interface DpopKey {
  privateKey: CryptoKey;
  jwk: JWK;
  jkt: string;
}

async function dpopKey(alg = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

interface ProofOptions {
  method?: string;
  nonce?: string;
  accessToken?: string;
  iat?: number;
  jti?: string;
  typ?: string;
  header?: Obj;
}

async function proof(key: DpopKey, url: string, options: ProofOptions = {}): Promise<string> {
  const claims: Obj = {
    htm: options.method ?? 'POST',
    htu: url,
    jti: options.jti ?? randomBytes(12).toString('base64url'),
    iat: options.iat ?? Math.floor(Date.now() / 1000),
  };
  if (options.nonce) claims.nonce = options.nonce;
  if (options.accessToken) claims.ath = createHash('sha256').update(options.accessToken).digest('base64url');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: options.typ ?? 'dpop+jwt', jwk: key.jwk, ...options.header })
    .sign(key.privateKey);
}

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let counter = 0;
/** the last nonce the token endpoint gave out */
let nonce = '';

async function mutate(query: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(query, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

const CreateIssuer = `mutation($input: CreateIssuerInput!) { createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } ... on Error { code message } } }`;
const CreateUser = `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on CreateUserPayload { user { id } } ... on Error { code message } } }`;
const CreateClient = `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id dpopBoundAccessTokens } } ... on Error { code message } } }`;
const CreateAgent = `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id dpopBoundAccessTokens } } ... on Error { code message } } }`;
const CreateAgentVerifier = `mutation($input: CreateAgentVerifierInput!) { createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } ... on Error { code message } } }`;

const REDIRECT = 'https://app.example.com/callback';

async function tokenRequest(params: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${issuerUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  const fresh = response.headers.get('dpop-nonce');
  if (fresh) nonce = fresh;
  return { status: response.status, headers: response.headers, json: (await response.json()) as Obj };
}

async function agentWith(dpopBoundAccessTokens: boolean) {
  const created = await mutate(CreateAgent, 'createAgent', {
    issuerId,
    name: `agent ${counter++}`,
    scopes: ['invoices:read'],
    dpopBoundAccessTokens,
  });
  const id = (created.agent as Obj).id as string;
  const secret = (await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId: id, type: 'SECRET' })).secret as string;
  return { id, secret, basic: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
}

/** A token request with a proof, answering the first use_dpop_nonce challenge as a client does. */
async function withProof(key: DpopKey, params: Record<string, string>, headers: Record<string, string> = {}) {
  let answer = await tokenRequest(params, { ...headers, dpop: await proof(key, `${issuerUrl}/token`, nonce ? { nonce } : {}) });
  if (answer.json.error === 'use_dpop_nonce')
    answer = await tokenRequest(params, { ...headers, dpop: await proof(key, `${issuerUrl}/token`, { nonce }) });
  return answer;
}

let publicClientId: string;

/** A user signs in and the public client redeems the code with a DPoP proof: bound access and refresh tokens. */
async function boundUserTokens(key: DpopKey | null) {
  const userId = ((await mutate(CreateUser, 'createUser', { issuerId, username: `dpop${counter++}@example.com` })).user as Obj)
    .id as string;
  const issuer = (await server.app.services.principals.issuer(issuerId))!;
  const { session } = await server.app.services.sessions.signIn({
    issuer,
    userId,
    clientId: null,
    amr: ['pwd'],
    device: { userAgent: 'vitest', ip: null },
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const code = await server.app.services.sessions.issueCode({
    session,
    clientId: publicClientId,
    redirectUri: REDIRECT,
    scope: 'openid profile',
    nonce: null,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    codeChallengeMethod: 'S256',
  });
  const params = { grant_type: 'authorization_code', client_id: publicClientId, code, redirect_uri: REDIRECT, code_verifier: verifier };
  const answer = key ? await withProof(key, params) : await tokenRequest(params);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return {
    userId,
    accessToken: answer.json.access_token as string,
    refreshToken: answer.json.refresh_token as string,
    tokenType: answer.json.token_type,
  };
}

beforeAll(async () => {
  server = await startServer();
  issuerId = ((await mutate(CreateIssuer, 'createIssuer', { name: 'DPoP' })).issuer as Obj).id as string;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  const spa = await mutate(CreateClient, 'createClient', {
    issuerId,
    name: 'spa',
    confidential: false,
    applicationType: 'SPA',
    redirectUris: [REDIRECT],
    scopes: ['openid', 'profile'],
    grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
  });
  publicClientId = (spa.client as Obj).id as string;
});

afterAll(async () => {
  await server?.stop();
});

describe('DPoP at the token endpoint', () => {
  it('discovery advertises the proof algs (asymmetric only)', async () => {
    const metadata = (await (await fetch(`${issuerUrl}/.well-known/openid-configuration`)).json()) as Obj;
    const algs = metadata.dpop_signing_alg_values_supported as string[];
    expect(algs).toContain('ES256');
    expect(algs.some((a) => a.startsWith('HS') || a === 'none')).toBe(false);
  });

  it('asks for a nonce first, then binds the token to the key (cnf.jkt, token_type DPoP)', async () => {
    const agent = await agentWith(false);
    const key = await dpopKey();
    const first = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: agent.basic, dpop: await proof(key, `${issuerUrl}/token`) },
    );
    expect([first.status, first.json.error]).toEqual([400, 'use_dpop_nonce']);
    const fresh = first.headers.get('dpop-nonce');
    expect(fresh).toBeTruthy();
    const second = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: agent.basic, dpop: await proof(key, `${issuerUrl}/token`, { nonce: fresh! }) },
    );
    expect(second.status, JSON.stringify(second.json)).toBe(200);
    expect(second.json.token_type).toBe('DPoP');
    expect(decodeJwt(second.json.access_token as string).cnf).toEqual({ jkt: key.jkt });
    expect(second.headers.get('dpop-nonce')).toBeTruthy();
    // without a proof the same agent gets an unbound bearer token
    const plain = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: agent.basic });
    expect(plain.json.token_type).toBe('Bearer');
    expect(decodeJwt(plain.json.access_token as string).cnf).toBeUndefined();
  });

  it('refuses bad proofs with invalid_dpop_proof and issues nothing', async () => {
    const agent = await agentWith(false);
    const key = await dpopKey();
    await withProof(key, { grant_type: 'client_credentials' }, { authorization: agent.basic });
    const url = `${issuerUrl}/token`;
    const now = Math.floor(Date.now() / 1000);
    const { privateKey: hmacLike } = await generateKeyPair('ES256');
    const usedJti = 'already-used-jti-123';
    expect(
      (
        await tokenRequest(
          { grant_type: 'client_credentials' },
          { authorization: agent.basic, dpop: await proof(key, url, { nonce, jti: usedJti }) },
        )
      ).status,
    ).toBe(200);
    const privateJwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const cases: [string, string][] = [
      ['typ', await proof(key, url, { nonce, typ: 'JWT' })],
      ['htm', await proof(key, url, { nonce, method: 'GET' })],
      ['htu', await proof(key, `${issuerUrl}/userinfo`, { nonce })],
      ['iat in the past', await proof(key, url, { nonce, iat: now - 600 })],
      ['iat in the future', await proof(key, url, { nonce, iat: now + 600 })],
      ['replayed jti', await proof(key, url, { nonce, jti: usedJti })],
      [
        'jwk of another key',
        await new SignJWT({ htm: 'POST', htu: url, jti: 'x'.repeat(16), iat: now, nonce })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: (await dpopKey()).jwk })
          .sign(hmacLike),
      ],
      [
        'private jwk',
        await new SignJWT({ htm: 'POST', htu: url, jti: 'y'.repeat(16), iat: now, nonce })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: privateJwk })
          .sign(key.privateKey),
      ],
      [
        'HS256',
        await new SignJWT({ htm: 'POST', htu: url, jti: 'z'.repeat(16), iat: now, nonce })
          .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: key.jwk })
          .sign(new Uint8Array(32)),
      ],
      ['not a JWS', 'garbage'],
    ];
    for (const [name, dpop] of cases) {
      const answer = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: agent.basic, dpop });
      expect([name, answer.status, answer.json.error]).toEqual([name, 400, 'invalid_dpop_proof']);
      expect(answer.json.access_token).toBeUndefined();
    }
    // a forged nonce is not accepted
    const forged = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: agent.basic, dpop: await proof(key, url, { nonce: `${nonce.split('.')[0]}.AAAA` }) },
    );
    expect(forged.json.error).toBe('use_dpop_nonce');
  });

  it('an agent registered with dpopBoundAccessTokens gets no token without a proof', async () => {
    const agent = await agentWith(true);
    const refused = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: agent.basic });
    expect([refused.status, refused.json.error]).toEqual([400, 'invalid_dpop_proof']);
    const key = await dpopKey();
    const bound = await withProof(key, { grant_type: 'client_credentials' }, { authorization: agent.basic });
    expect(bound.status).toBe(200);
    expect(decodeJwt(bound.json.access_token as string).cnf).toEqual({ jkt: key.jkt });
  });

  it('a Resource with dpopRequired gets only DPoP-bound tokens: no proof is invalid_dpop_proof, a proof binds the token', async () => {
    const identifier = `https://bound-api-${counter++}.example.com/`;
    await mutate(
      `mutation($input: CreateResourceInput!) { createResource(input: $input) { __typename ... on CreateResourcePayload { resource { id dpopRequired } } ... on Error { code message } } }`,
      'createResource',
      { issuerId, name: 'bound API', identifier, scopes: ['invoices:read'], dpopRequired: true },
    );
    const agent = await agentWith(false);
    const refused = await tokenRequest({ grant_type: 'client_credentials', resource: identifier }, { authorization: agent.basic });
    expect([refused.status, refused.json.error]).toEqual([400, 'invalid_dpop_proof']);
    const key = await dpopKey();
    const bound = await withProof(key, { grant_type: 'client_credentials', resource: identifier }, { authorization: agent.basic });
    expect(bound.status, JSON.stringify(bound.json)).toBe(200);
    expect(bound.json.token_type).toBe('DPoP');
    expect(decodeJwt(bound.json.access_token as string)).toMatchObject({ aud: identifier, cnf: { jkt: key.jkt } });
    // the issuer's own APIs (no resource) still take bearer tokens from the same agent
    expect((await tokenRequest({ grant_type: 'client_credentials' }, { authorization: agent.basic })).status).toBe(200);
  });

  it('a public client’s refresh token is bound to its key: no proof or another key is invalid_grant', async () => {
    const key = await dpopKey();
    const tokens = await boundUserTokens(key);
    expect(tokens.tokenType).toBe('DPoP');
    const refresh = { grant_type: 'refresh_token', client_id: publicClientId, refresh_token: tokens.refreshToken };
    expect((await tokenRequest(refresh)).json.error).toBe('invalid_grant');
    expect((await withProof(await dpopKey(), refresh)).json.error).toBe('invalid_grant');
    const rotated = await withProof(key, refresh);
    expect(rotated.status, JSON.stringify(rotated.json)).toBe(200);
    expect(decodeJwt(rotated.json.access_token as string).cnf).toEqual({ jkt: key.jkt });
    // the new refresh token is bound too
    expect((await tokenRequest({ ...refresh, refresh_token: rotated.json.refresh_token as string })).json.error).toBe('invalid_grant');
  });
});

describe('DPoP proof ids', () => {
  it("one key may present more proofs within the window than a client's assertion quota allows; a replay is still refused", async () => {
    // the replay cache bounds client assertions at perClientQuota live ids per client; a DPoP key's
    // partition has its own, larger bound (DPOP_PROOFS_PER_KEY): a busy service proves every call
    const replay = createReplayCache({ perClientQuota: 3 });
    const key = await dpopKey();
    const url = 'https://as.example.com/i_x/token';
    const check = { method: 'POST', url, now: new Date(), replay };
    const proofs = await Promise.all(Array.from({ length: 6 }, () => proof(key, url)));
    for (const p of proofs) expect((await verifyDpopProof(p, check)).jkt).toBe(key.jkt);
    await expect(verifyDpopProof(proofs[0]!, check)).rejects.toThrow(InvalidDpopProof);
    expect(DPOP_PROOFS_PER_KEY).toBeGreaterThanOrEqual(100_000);
  });
});

describe('DPoP-bound tokens at the resources', () => {
  let key: DpopKey;
  let other: DpopKey;
  let token: string;

  beforeAll(async () => {
    key = await dpopKey();
    other = await dpopKey();
    token = (await boundUserTokens(key)).accessToken;
  });

  /** The refusals every resource must give, then one good call; `call` sends (scheme, proof). */
  async function refusesEveryMisuse(url: string, method: string, call: (authorization: string, dpop: string | null) => Promise<number>) {
    expect(await call(`Bearer ${token}`, null), 'as Bearer').toBe(401);
    expect(await call(`DPoP ${token}`, null), 'without a proof').toBe(401);
    expect(await call(`DPoP ${token}`, await proof(other, url, { method, accessToken: token })), 'another key').toBe(401);
    expect(await call(`DPoP ${token}`, await proof(key, url, { method })), 'no ath').toBe(401);
    expect(await call(`DPoP ${token}`, await proof(key, `${url}/x`, { method, accessToken: token })), 'another htu').toBe(401);
    const good = await proof(key, url, { method, accessToken: token });
    expect(await call(`DPoP ${token}`, good), 'a good proof').toBe(200);
    expect(await call(`DPoP ${token}`, good), 'the same proof replayed').toBe(401);
  }

  it('/userinfo', async () => {
    const url = `${issuerUrl}/userinfo`;
    await refusesEveryMisuse(
      url,
      'GET',
      async (authorization, dpop) => (await fetch(url, { headers: { authorization, ...(dpop ? { dpop } : {}) } })).status,
    );
  });

  it('/v1/me', async () => {
    const url = `${server.app.publicUrl()}/v1/me`;
    await refusesEveryMisuse(
      url,
      'GET',
      async (authorization, dpop) => (await fetch(`${server.url}/v1/me`, { headers: { authorization, ...(dpop ? { dpop } : {}) } })).status,
    );
  });

  it('GraphQL', async () => {
    const url = `${server.app.publicUrl()}/graphql`;
    await refusesEveryMisuse(url, 'POST', async (authorization, dpop) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', ...(dpop ? { dpop } : {}) },
        body: '{"query":"{ viewer { __typename } }"}',
      });
      return response.status;
    });
  });

  it('graphql-ws: the proof for GET /graphql rides in connection_init; without it, or replayed, the connection is refused', async () => {
    const url = `${server.app.publicUrl()}/graphql`;
    const connect = (params: Record<string, string>) =>
      new Promise<'acknowledged' | number>((resolve) => {
        const client = createWsClient({
          url: `${server.url.replace('http', 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: params,
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: () => {},
          on: {
            connected: () => {
              resolve('acknowledged');
              void client.dispose();
            },
            closed: (event) => resolve((event as { code: number }).code),
          },
        });
      });
    expect(await connect({ authorization: `DPoP ${token}` }), 'without a proof').not.toBe('acknowledged');
    expect(await connect({ authorization: `Bearer ${token}` }), 'as Bearer').not.toBe('acknowledged');
    const otherKey = await proof(other, url, { method: 'GET', accessToken: token });
    expect(await connect({ authorization: `DPoP ${token}`, dpop: otherKey }), 'another key').not.toBe('acknowledged');
    const good = await proof(key, url, { method: 'GET', accessToken: token });
    expect(await connect({ authorization: `DPoP ${token}`, dpop: good }), 'a good proof').toBe('acknowledged');
    expect(await connect({ authorization: `DPoP ${token}`, dpop: good }), 'the same proof replayed').not.toBe('acknowledged');
  });

  it('the SDK verifier', async () => {
    clearJwksCache();
    const url = 'https://api.example.com/invoices';
    await refusesEveryMisuse(url, 'GET', async (authorization, dpop) => {
      const [scheme, presented] = authorization.split(' ') as [string, string];
      const session = await verifyAccessToken(presented, { issuer: issuerUrl, dpop: { scheme, proof: dpop, method: 'GET', url } });
      if (session) expect(session.dpopJkt).toBe(key.jkt);
      return session ? 200 : 401;
    });
    // without the dpop option a bound token is refused
    expect(await verifyAccessToken(token, { issuer: issuerUrl })).toBeNull();
  });

  it('an unbound token presented with the DPoP scheme is refused; as Bearer it works', async () => {
    const plain = (await boundUserTokens(null)).accessToken;
    const url = `${issuerUrl}/userinfo`;
    expect(
      (
        await fetch(url, {
          headers: { authorization: `DPoP ${plain}`, dpop: await proof(key, url, { method: 'GET', accessToken: plain }) },
        })
      ).status,
    ).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${plain}` } })).status).toBe(200);
  });
});

const onPostgres = process.env.AUTHGRAPH_TEST_DB === 'postgres';
const withRedis = onPostgres && (await redisAnswers());
if (onPostgres && !withRedis) console.warn(`[authgraph] Redis does not answer at ${redisUrl}: SKIPPING the two-node DPoP replay test`);

describe.skipIf(!withRedis)('DPoP on two nodes (PostgreSQL + Redis)', () => {
  const keyId = newId('apiKey');
  const keySecret = randomBytes(32).toString('base64url');
  const publicUrl = 'http://authgraph.dpop.test';
  const nodes: ChildProcess[] = [];
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;

  async function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
  }

  async function startNode(masterKey: string): Promise<string> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: publicUrl,
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        AUTHGRAPH_MASTER_KEY: masterKey,
        AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    nodes.push(child);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error('node did not become ready');
      try {
        if ((await fetch(`${url}/readyz`)).status === 200) return url;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const n of nodes) n.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await database?.drop();
  });

  it('a proof used on node 1 is refused as a replay on node 2, at /token and at /v1/me', async () => {
    const masterKey = randomBytes(32).toString('hex');
    const node1 = await startNode(masterKey);
    const node2 = await startNode(masterKey);
    const admin = createClient(node1, { username: keyId, password: keySecret });
    const gql = async (query: string, field: string, input: Obj) =>
      (await admin.request<Record<string, Obj>, { input: Obj }>(query, { input }))[field]!;
    const issuer = ((await gql(CreateIssuer, 'createIssuer', { name: 'two nodes' })).issuer as Obj).id as string;
    const agentId = ((await gql(CreateAgent, 'createAgent', { issuerId: issuer, name: 'a', scopes: [] })).agent as Obj).id as string;
    const secret = (await gql(CreateAgentVerifier, 'createAgentVerifier', { agentId, type: 'SECRET' })).secret as string;
    const authorization = `Basic ${Buffer.from(`${agentId}:${secret}`).toString('base64')}`;
    const htu = `${publicUrl}/${issuer}/token`;
    const key = await dpopKey();
    const post = (node: string, dpop: string) =>
      fetch(`${node}/${issuer}/token`, {
        method: 'POST',
        headers: { authorization, dpop, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });

    const challenge = await post(node1, await proof(key, htu));
    const serverNonce = challenge.headers.get('dpop-nonce')!;
    expect((await challenge.json()) as Obj).toMatchObject({ error: 'use_dpop_nonce' });
    const used = await proof(key, htu, { nonce: serverNonce });
    const issued = await post(node1, used);
    expect(issued.status).toBe(200);
    const token = ((await issued.json()) as Obj).access_token as string;
    // node 2 accepts node 1's nonce, but not the proof it already saw
    const replayed = await post(node2, used);
    expect([replayed.status, ((await replayed.json()) as Obj).error]).toEqual([400, 'invalid_dpop_proof']);
    expect((await post(node2, await proof(key, htu, { nonce: serverNonce }))).status).toBe(200);

    const me = await proof(key, `${publicUrl}/v1/me`, { method: 'GET', accessToken: token });
    expect((await fetch(`${node1}/v1/me`, { headers: { authorization: `DPoP ${token}`, dpop: me } })).status).toBe(200);
    expect((await fetch(`${node2}/v1/me`, { headers: { authorization: `DPoP ${token}`, dpop: me } })).status).toBe(401);
    expect(
      (
        await fetch(`${node2}/v1/me`, {
          headers: { authorization: `DPoP ${token}`, dpop: await proof(key, `${publicUrl}/v1/me`, { method: 'GET', accessToken: token }) },
        })
      ).status,
    ).toBe(200);
  }, 300_000);
});
