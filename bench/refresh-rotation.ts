/**
 * Refresh-token rotations/s with p50/p99: `grant_type=refresh_token` chains (each request uses
 * the token the previous one returned, as a client does), one chain per session, against node
 * `oidc-provider` (v9, lib/oidc-baseline.ts, `rotateRefreshToken: true`, its in-memory adapter)
 * rotating the same way in the same run, on the embedded default and on PostgreSQL + Redis.
 * A last row per backend is `client_credentials` on the same server sent by the same chain loop.
 * On PostgreSQL + Redis a reference row (not the figure's baseline) is oidc-provider with its
 * models in PostgreSQL (lib/oidc-pg-adapter.ts, a database of its own on the same server):
 * what the same rotation costs it once tokens are durable, as Authgraph's are.
 *
 *   npx tsx bench/refresh-rotation.ts      (BENCH_SECONDS=… per measured round, default 5;
 *                                           BENCH_BACKENDS=embedded|redis for one backend)
 * @module
 */
import {
  clientBasic,
  createIssuerAndOrg,
  createM2mClient,
  fmt,
  FORM_HEADERS,
  machineNote,
  ms,
  printTable,
  progress,
  ratio,
} from './lib/common.js';
import { timedJob, timedSummary, type Sample } from './lib/load.js';
import { createUserWithPassword, createWebClient, REDIRECT_URI, refreshTokens } from './lib/sessions.js';
import { BACKEND_LABEL, createBenchDatabase, figureBackends, startEventServer, type Backend } from './lib/event-backends.js';
import { OIDC_PROVIDER_VERSION, startOidcBaseline } from './lib/oidc-baseline.js';

const CHAINS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;
const SCOPES = ['invoices:read'];

type Run = { samples: Sample[]; seconds: number };

async function measure(backend: Backend): Promise<string[][]> {
  const server = await startEventServer(backend);
  let baseline: Awaited<ReturnType<typeof startOidcBaseline>> | null = null;
  let durableBaseline: Awaited<ReturnType<typeof startOidcBaseline>> | null = null;
  let durableDatabase: Awaited<ReturnType<typeof createBenchDatabase>> | null = null;
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'Refresh rotation');
    const web = await createWebClient(server, issuerId);
    const m2m = await createM2mClient(server, { issuerId, name: 'bench-m2m', scopes: SCOPES });
    const userId = await createUserWithPassword(server, issuerId, 'rotation@bench.example');
    const tokenUrl = `${server.app.publicUrl()}/${issuerId}/token`;
    const signingAlg = (await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: issuerId } })).signingAlg as 'ES256';
    const baselineOptions = {
      clientId: m2m.id,
      clientSecret: m2m.secret,
      scopes: SCOPES,
      alg: signingAlg,
      accessTokenTtlSeconds: 900,
      web: { clientId: web.id, clientSecret: web.secret, redirectUri: REDIRECT_URI },
    };
    baseline = await startOidcBaseline(baselineOptions);
    const oidc = baseline;
    if (backend !== 'embedded') {
      durableDatabase = await createBenchDatabase();
      durableBaseline = await startOidcBaseline({ ...baselineOptions, databaseUrl: durableDatabase.url });
    }
    const durable = durableBaseline;
    const headers = { ...FORM_HEADERS, authorization: clientBasic(web.id, web.secret) };
    const rotation = { url: tokenUrl, headers, body: 'grant_type=refresh_token&refresh_token={token}', field: 'refresh_token' };
    const theirRotation = { url: oidc.tokenUrl, headers, body: 'grant_type=refresh_token&refresh_token={token}', field: 'refresh_token' };
    const durableRotation = durable ? { ...theirRotation, url: durable.tokenUrl } : null;
    const cc = {
      url: tokenUrl,
      headers: { ...FORM_HEADERS, authorization: clientBasic(m2m.id, m2m.secret) },
      body: 'grant_type=client_credentials&scope=invoices:read',
      field: 'access_token',
    };

    // sanity (not timed): each side answers an access, ID and refresh token
    for (const [label, url, token] of [
      ['authgraph', tokenUrl, (await refreshTokens(server, issuerId, userId, web.id, 1))[0]!],
      ['oidc-provider', oidc.tokenUrl, (await oidc.refreshTokens(1))[0]!],
      ...(durable ? ([['oidc-provider (PostgreSQL adapter)', durable.tokenUrl, (await durable.refreshTokens(1))[0]!]] as const) : []),
    ] as const) {
      const answer = (await (
        await fetch(url, { method: 'POST', headers, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}` })
      ).json()) as Record<string, unknown>;
      if (
        typeof answer.access_token !== 'string' ||
        typeof answer.id_token !== 'string' ||
        typeof answer.refresh_token !== 'string' ||
        answer.refresh_token === token
      )
        throw new Error(`${label}: rotation answered ${JSON.stringify(answer)}`);
    }

    progress(`${backend}: warm-up`);
    await timedJob({ kind: 'chains', ...rotation, initial: await refreshTokens(server, issuerId, userId, web.id, CHAINS), seconds: 2 });
    await timedJob({ kind: 'chains', ...theirRotation, initial: await oidc.refreshTokens(CHAINS), seconds: 2 });
    if (durable && durableRotation)
      await timedJob({ kind: 'chains', ...durableRotation, initial: await durable.refreshTokens(CHAINS), seconds: 2 });
    const ours: Run[] = [];
    const durables: Run[] = [];
    const theirs: Run[] = [];
    const plain: Run[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(
        `${backend}: round ${r + 1}/${ROUNDS}: ${SECONDS} s each of authgraph rotations, oidc-provider rotations, authgraph client_credentials`,
      );
      ours.push(
        await timedJob({
          kind: 'chains',
          ...rotation,
          initial: await refreshTokens(server, issuerId, userId, web.id, CHAINS),
          seconds: SECONDS,
        }),
      );
      theirs.push(await timedJob({ kind: 'chains', ...theirRotation, initial: await oidc.refreshTokens(CHAINS), seconds: SECONDS }));
      plain.push(await timedJob({ kind: 'chains', ...cc, initial: Array(CHAINS).fill(''), seconds: SECONDS }));
      if (durable && durableRotation)
        durables.push(
          await timedJob({ kind: 'chains', ...durableRotation, initial: await durable.refreshTokens(CHAINS), seconds: SECONDS }),
        );
    }
    const a = timedSummary(ours);
    const b = timedSummary(theirs);
    const c = timedSummary(plain);
    const compromised = await server.app.db.prisma.session.count({ where: { issuerId, status: { not: 'active' } } });
    if (compromised !== 0) throw new Error(`${compromised} sessions ended during the run: a rotation was seen as reuse`);
    const label = BACKEND_LABEL[backend];
    return [
      [label, 'authgraph POST /token grant_type=refresh_token', fmt(a.rps, 0), ms(a.p50), ms(a.p99), fmt(a.total, 0), ratio(a.rps / b.rps)],
      [
        label,
        `baseline: oidc-provider ${OIDC_PROVIDER_VERSION} refresh_token (rotateRefreshToken)`,
        fmt(b.rps, 0),
        ms(b.p50),
        ms(b.p99),
        fmt(b.total, 0),
        ratio(1),
      ],
      [
        label,
        'authgraph client_credentials (same server, same loop)',
        fmt(c.rps, 0),
        ms(c.p50),
        ms(c.p99),
        fmt(c.total, 0),
        ratio(c.rps / b.rps),
      ],
      ...(durables.length
        ? (() => {
            const d = timedSummary(durables);
            return [
              [
                label,
                `reference: oidc-provider with a PostgreSQL adapter (authgraph / it = ${ratio(a.rps / d.rps)})`,
                fmt(d.rps, 0),
                ms(d.p50),
                ms(d.p99),
                fmt(d.total, 0),
                ratio(d.rps / b.rps),
              ],
            ];
          })()
        : []),
    ];
  } finally {
    await baseline?.stop();
    await durableBaseline?.stop();
    await durableDatabase?.drop();
    await server.stop();
  }
}

async function main() {
  const { run, notes } = await figureBackends();
  const rows: string[][] = [];
  for (const backend of run) rows.push(...(await measure(backend)));
  printTable(
    'Refresh-token rotations/s (strict rotation: retire the token by compare-and-set, issue the next, record session.refreshed) vs node oidc-provider',
    ['backend', 'request', 'per s', 'p50', 'p99', 'requests', 'vs oidc-provider'],
    rows,
    [
      `goal: ≥ 1.0× oidc-provider on PostgreSQL + Redis, ≥ 0.5× on the embedded default`,
      `${CHAINS} concurrent chains (one session or grant each, every request uses the previous answer's refresh_token), ${ROUNDS} alternating rounds of ${SECONDS} s; every answer checked 200`,
      `both sides answer an ES256 JWT access token, an ID token and the next refresh token; oidc-provider keeps its tokens in its in-memory adapter (same process as the authgraph server)`,
      `reference row (PostgreSQL + Redis only, not the goal's baseline): the same oidc-provider with its models in PostgreSQL (bench/lib/oidc-pg-adapter.ts: one jsonb table, each adapter call one autocommitted statement), in a database of its own on the same server`,
      `authgraph: one prepared statement per rotation (find the token, lock the session, retire the token, move last seen, insert the successor and session.refreshed, answer session, user and organization context); no session ended during the run`,
      ...notes,
      machineNote(),
    ],
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
