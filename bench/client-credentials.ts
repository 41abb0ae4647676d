/**
 * Figure 5: `client_credentials` tokens/s and p50/p99 for an M2M client (HTTP Basic,
 * client_secret_basic) of an issuer with the default ES256 key, against node `oidc-provider` (v9,
 * lib/oidc-baseline.ts) issuing JWT access tokens signed with the same algorithm, both served by
 * this process and loaded in the same run with the same autocannon settings from a child process.
 *
 *   npx tsx bench/client-credentials.ts      (BENCH_SECONDS=… per measured round, default 5)
 * @module
 */
import type { AsymmetricSigningAlgorithm } from 'oidc-provider';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import {
  clientBasic,
  clientCredentialsToken,
  createIssuerAndOrg,
  createM2mClient,
  fmt,
  FORM_HEADERS,
  gql,
  machineNote,
  ms,
  printTable,
  ratio,
  sqlPerCall,
  startBenchServer,
} from './lib/common.js';
import { alternatingRounds, type CannonTarget } from './lib/load.js';
import { OIDC_PROVIDER_VERSION, startOidcBaseline } from './lib/oidc-baseline.js';

const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;
const SCOPES = ['invoices:read', 'invoices:write'];
const REQUEST_BODY = `grant_type=client_credentials&scope=${encodeURIComponent('invoices:read')}`;

/** Sanity (not timed): the token is a JWT of `alg` with typ at+jwt that verifies against the JWKS. */
async function checkToken(label: string, token: string, jwksUrl: string, issuer: string, alg: string): Promise<number> {
  const header = decodeProtectedHeader(token);
  if (header.alg !== alg || header.typ !== 'at+jwt')
    throw new Error(`${label}: token header ${JSON.stringify(header)}, expected alg ${alg}, typ at+jwt`);
  const jwks = (await (await fetch(jwksUrl)).json()) as JSONWebKeySet;
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer, typ: 'at+jwt', algorithms: [alg] });
  if (payload.scope !== 'invoices:read') throw new Error(`${label}: scope ${String(payload.scope)}`);
  return token.length;
}

async function main() {
  const server = await startBenchServer();
  let baseline: Awaited<ReturnType<typeof startOidcBaseline>> | null = null;
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'Client credentials');
    const issuer = await gql<{ issuer: { signingAlg: string; accessTokenTtlSeconds: number } }>(
      server.url,
      server.authorization,
      'query($id: ID!) { issuer(id: $id) { signingAlg accessTokenTtlSeconds } }',
      { id: issuerId },
    );
    const alg = issuer.issuer.signingAlg as AsymmetricSigningAlgorithm;
    const client = await createM2mClient(server, { issuerId, name: 'bench-m2m', scopes: SCOPES });
    const issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    const tokenUrl = `${issuerUrl}/token`;
    const authorization = clientBasic(client.id, client.secret);

    // The same client (id, secret, scopes) registered with oidc-provider.
    baseline = await startOidcBaseline({
      clientId: client.id,
      clientSecret: client.secret,
      scopes: SCOPES,
      alg,
      accessTokenTtlSeconds: issuer.issuer.accessTokenTtlSeconds,
    });

    const ours = await clientCredentialsToken(tokenUrl, authorization, REQUEST_BODY);
    // Steady state (caches warm): the SQL statements of one token request, over 20 sequential ones.
    const sql = await sqlPerCall(server.app, 20, () => clientCredentialsToken(tokenUrl, authorization, REQUEST_BODY));
    const theirs = await clientCredentialsToken(baseline.tokenUrl, authorization, REQUEST_BODY);
    if (
      ours.expires_in !== theirs.expires_in ||
      ours.access_token === (await clientCredentialsToken(tokenUrl, authorization, REQUEST_BODY)).access_token
    )
      throw new Error(`expires_in differs (${ours.expires_in} vs ${theirs.expires_in}) or a token was reused`);
    const ourLength = await checkToken('authgraph', ours.access_token, `${issuerUrl}/jwks`, issuerUrl, alg);
    const theirLength = await checkToken('oidc-provider', theirs.access_token, baseline.jwksUrl, baseline.issuer, alg);

    const targets: (CannonTarget & { sql: string; tokenLength: number })[] = [
      {
        label: `authgraph POST /{issuer}/token (${alg})`,
        sql: fmt(sql.perCall, sql.perCall % 1 ? 1 : 0),
        tokenLength: ourLength,
        options: { url: tokenUrl, method: 'POST', headers: { ...FORM_HEADERS, authorization }, body: REQUEST_BODY },
      },
      {
        label: `baseline: oidc-provider POST /token (${alg} JWT)`,
        sql: '-',
        tokenLength: theirLength,
        options: { url: baseline.tokenUrl, method: 'POST', headers: { ...FORM_HEADERS, authorization }, body: REQUEST_BODY },
      },
    ];
    const summary = await alternatingRounds(targets, {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      rounds: ROUNDS,
    });

    const base = summary[1]!;
    const r = summary[0]!.rps / base.rps;
    printTable(
      `Figure 5 — client_credentials tokens/s: M2M client, HTTP Basic, ${alg} JWT access tokens, vs oidc-provider`,
      ['server', 'tokens/s', 'mean', 'p50', 'p99', 'tokens', 'token bytes', 'SQL/token', 'tokens/s vs baseline'],
      targets.map((t, i) => {
        const s = summary[i]!;
        return [
          t.label,
          fmt(s.rps, 0),
          ms(s.mean),
          `${fmt(s.p50, 0)} ms`,
          `${fmt(s.p99, 0)} ms`,
          fmt(s.total, 0),
          String(t.tokenLength),
          t.sql,
          ratio(s.rps / base.rps),
        ];
      }),
      [
        `authgraph / oidc-provider = ${ratio(r)} the tokens per second (goal ≥ 1.00×: ${r >= 1 ? 'met' : 'NOT met'})`,
        `same client id, secret, scopes and token lifetime on both; body grant_type=client_credentials&scope=invoices:read; every answer checked 200, first token verified against each JWKS`,
        `oidc-provider ${OIDC_PROVIDER_VERSION}: clientCredentials + resourceIndicators (default resource, accessTokenFormat 'jwt'), in-memory adapter`,
        `authgraph SQL per token: mean of 20 sequential requests with caches warm; the last one sent ${sql.shapes}`,
        `autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up; latencies are the mean of the rounds' percentiles`,
        `both servers in one process, NODE_ENV=production, in-memory PGlite; ${machineNote()}`,
      ],
    );
  } finally {
    await baseline?.stop();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
