/**
 * Figure 6: GET /v1/me verifications/s and latency for the two credentials a caller's API
 * forwards: an organization API key (HTTP Basic `key_id:secret`: lookup, SHA-256 compare, rate
 * limit, organization status) and a JWT access token from the token endpoint (`Authorization:
 * Bearer`: signature and claims, no key lookup). Baselines in the same run: plain node:http
 * answering the same JSON, and the bare graphql-yoga hello-world. All on this process, loaded by
 * autocannon from a child process.
 *
 *   npx tsx bench/whoami.ts                  (BENCH_SECONDS=… per measured round, default 5)
 * @module
 */
import {
  clientBasic,
  clientCredentialsToken,
  createIssuerAndOrg,
  createM2mClient,
  createOrganizationApiKey,
  fmt,
  GRAPHQL_HEADERS,
  machineNote,
  ms,
  printTable,
  progress,
  ratio,
  sqlPerCall,
  startBenchServer,
  basic,
} from './lib/common.js';
import { HELLO_QUERY, startHelloYoga, startPlainJson } from './lib/hello-yoga.js';
import { alternatingRounds, type CannonTarget } from './lib/load.js';

const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;
/** The largest per-key limit createApiKey accepts, over its longest window: the limiter runs but never refuses. */
const KEY_RATE_LIMIT = 1_000_000;
const KEY_RATE_WINDOW_SECONDS = 86_400;
const SCOPES = ['org:read', 'members:read'];

interface Me {
  data: { type: string; key_type: string | null; organizations: { org_id: string }[] };
}

async function me(url: string, authorization: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/v1/me`, { headers: { authorization } });
  return { status: response.status, text: await response.text() };
}

async function main() {
  const server = await startBenchServer();
  let plain: Awaited<ReturnType<typeof startPlainJson>> | null = null;
  let hello: Awaited<ReturnType<typeof startHelloYoga>> | null = null;
  try {
    const { issuerId, organizationId } = await createIssuerAndOrg(server, 'Whoami');
    const key = await createOrganizationApiKey(server, {
      organizationId,
      name: 'bench-whoami',
      scopes: SCOPES,
      rateLimit: KEY_RATE_LIMIT,
      rateLimitWindowSeconds: KEY_RATE_WINDOW_SECONDS,
    });
    const keyAuthorization = basic(key.id, key.secret);
    const client = await createM2mClient(server, { issuerId, name: 'bench-whoami-m2m', scopes: SCOPES, organizationId });
    const issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    const token = await clientCredentialsToken(
      `${issuerUrl}/token`,
      clientBasic(client.id, client.secret),
      'grant_type=client_credentials',
    );
    const bearer = `Bearer ${token.access_token}`;

    // Sanity (not timed): both credentials say who they are, in the organization.
    const byKey = await me(server.url, keyAuthorization);
    const keyMe = JSON.parse(byKey.text) as Me;
    if (byKey.status !== 200 || keyMe.data.key_type !== 'organization' || keyMe.data.organizations[0]?.org_id !== organizationId)
      throw new Error(`GET /v1/me with the API key: ${byKey.status} ${byKey.text.slice(0, 300)}`);
    const byToken = await me(server.url, bearer);
    const tokenAccepted = byToken.status === 200;
    if (tokenAccepted) {
      const tokenMe = JSON.parse(byToken.text) as Me;
      if (tokenMe.data.type !== 'access_token' || tokenMe.data.organizations[0]?.org_id !== organizationId)
        throw new Error(`GET /v1/me with the access token: ${byToken.text.slice(0, 300)}`);
    } else {
      progress(`GET /v1/me with the access token answered ${byToken.status}: that row is not measured`);
    }
    const keySql = await sqlPerCall(server.app, 20, () => me(server.url, keyAuthorization));
    const tokenSql = tokenAccepted ? await sqlPerCall(server.app, 20, () => me(server.url, bearer)) : null;

    plain = await startPlainJson(byKey.text);
    hello = await startHelloYoga();

    const measured: (CannonTarget & { sql: string })[] = [
      {
        label: 'GET /v1/me, organization API key (Basic)',
        sql: fmt(keySql.perCall, keySql.perCall % 1 ? 1 : 0),
        options: { url: `${server.url}/v1/me`, method: 'GET', headers: { authorization: keyAuthorization } },
      },
      ...(tokenAccepted && tokenSql
        ? [
            {
              label: `GET /v1/me, JWT access token (Bearer, ${token.access_token.length} B)`,
              sql: fmt(tokenSql.perCall, tokenSql.perCall % 1 ? 1 : 0),
              options: { url: `${server.url}/v1/me`, method: 'GET' as const, headers: { authorization: bearer } },
            },
          ]
        : []),
      {
        label: 'baseline: plain node:http, same JSON',
        sql: '-',
        options: { url: `${plain.url}/v1/me`, method: 'GET', headers: { authorization: keyAuthorization } },
      },
      {
        label: 'baseline: bare graphql-yoga { hello }',
        sql: '-',
        options: { url: `${hello.url}/graphql`, method: 'POST', headers: GRAPHQL_HEADERS, body: JSON.stringify({ query: HELLO_QUERY }) },
      },
    ];
    const summary = await alternatingRounds(measured, {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      rounds: ROUNDS,
    });
    const node = summary[measured.length - 2]!;
    const yoga = summary[measured.length - 1]!;

    const rows = measured.map((t, i) => {
      const s = summary[i]!;
      return [
        t.label,
        fmt(s.rps, 0),
        ms(s.mean),
        `${fmt(s.p50, 0)} ms`,
        `${fmt(s.p99, 0)} ms`,
        fmt(s.total, 0),
        t.sql,
        `${fmt(s.cpuMsPerRequest * 1000, 0)} µs`,
        ratio(s.rps / node.rps),
        ratio(s.rps / yoga.rps),
      ];
    });
    if (!tokenAccepted)
      rows.splice(1, 0, [
        `GET /v1/me, JWT access token (Bearer): ${byToken.status}`,
        'n/a',
        'n/a',
        'n/a',
        'n/a',
        'n/a',
        'n/a',
        'n/a',
        'n/a',
        'n/a',
      ]);
    printTable(
      'Figure 6 — GET /v1/me verifications/s: organization API key and JWT access token',
      ['credential / server', 'req/s', 'mean', 'p50', 'p99', 'requests', 'SQL/request', 'CPU/request', 'vs node:http', 'vs bare yoga'],
      rows,
      [
        `API key: scopes ${SCOPES.join(' ')}, per-key rate limit ${fmt(KEY_RATE_LIMIT, 0)} per ${fmt(KEY_RATE_WINDOW_SECONDS, 0)} s (the limiter runs, never refuses)`,
        `access token: client_credentials of an M2M client registered for the same organization (org_id claim), ES256, from POST /{issuer}/token`,
        `SQL/request: mean of 20 sequential requests with caches warm; API key: ${keySql.shapes}${tokenSql ? `; access token: ${tokenSql.shapes}` : ''}`,
        ...(tokenAccepted
          ? []
          : [
              `NOT MEASURED: GET /v1/me refused the access token (${byToken.status}), so it does not accept Bearer JWTs yet; the row appears once it does`,
            ]),
        `baselines: plain node:http answering the API key's /v1/me JSON (${byKey.text.length} B) to any request, and the bare yoga hello-world (figure 2)`,
        `CPU/request: CPU time of the servers' process per answered request while that target was loaded; it includes the process's idle background work, so it only means something when throughput is well above a few hundred requests a second`,
        `autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up; latencies are the mean of the rounds' percentiles`,
        `all servers in one process, NODE_ENV=production, in-memory PGlite; ${machineNote()}`,
      ],
    );
  } finally {
    await hello?.stop();
    await plain?.stop();
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
