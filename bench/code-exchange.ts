/**
 * Authorization-code exchanges/s with p50/p99: `grant_type=authorization_code` with PKCE for a
 * confidential web client (ID token, access token and refresh token minted per request), each
 * code used once, against node `oidc-provider` (v9, lib/oidc-baseline.ts, its in-memory adapter)
 * exchanging as many codes at the same concurrency in the same run, on the embedded default and
 * on PostgreSQL + Redis. A last row per backend is `client_credentials` on the same server.
 *
 *   npx tsx bench/code-exchange.ts      (BENCH_CODES=… codes per round, default and most 300;
 *                                        BENCH_BACKENDS=embedded|redis for one backend)
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
import { createUserWithPassword, createWebClient, issueCodes, pkcePair, REDIRECT_URI } from './lib/sessions.js';
import { BACKEND_LABEL, figureBackends, startEventServer, type Backend } from './lib/event-backends.js';
import { OIDC_PROVIDER_VERSION, startOidcBaseline } from './lib/oidc-baseline.js';

const CONCURRENCY = 8;
/**
 * Codes per round. oidc-provider's development adapter (the baseline) keeps at most 1 000 objects
 * (an LRU) and each exchange adds an access and a refresh token to it: past ~330 codes a round,
 * codes not yet exchanged are evicted and answer invalid_grant.
 */
const CODES = Math.min(Number(process.env.BENCH_CODES ?? 300), 300);
const ROUNDS = 2;
const SCOPES = ['invoices:read'];

type Run = { samples: Sample[]; seconds: number };

async function measure(backend: Backend): Promise<string[][]> {
  const server = await startEventServer(backend);
  let baseline: Awaited<ReturnType<typeof startOidcBaseline>> | null = null;
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'Code exchange');
    const web = await createWebClient(server, issuerId);
    const m2m = await createM2mClient(server, { issuerId, name: 'bench-m2m', scopes: SCOPES });
    const userId = await createUserWithPassword(server, issuerId, 'exchange@bench.example');
    const tokenUrl = `${server.app.publicUrl()}/${issuerId}/token`;
    const signingAlg = (await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: issuerId } })).signingAlg as 'ES256';
    baseline = await startOidcBaseline({
      clientId: m2m.id,
      clientSecret: m2m.secret,
      scopes: SCOPES,
      alg: signingAlg,
      accessTokenTtlSeconds: 900,
      web: { clientId: web.id, clientSecret: web.secret, redirectUri: REDIRECT_URI },
    });
    const oidc = baseline;
    const headers = { ...FORM_HEADERS, authorization: clientBasic(web.id, web.secret) };
    const { verifier, challenge } = pkcePair();
    const asRequests = (url: string, codes: string[]) =>
      codes.map((code) => ({
        url,
        method: 'POST' as const,
        headers,
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        }).toString(),
      }));
    const ourExchanges = async (count: number) =>
      asRequests(tokenUrl, await issueCodes(server, issuerId, userId, web.id, count, challenge));
    const theirExchanges = async (count: number) => asRequests(oidc.tokenUrl, await oidc.codes(count, challenge));
    const cc = (count: number) =>
      Array.from({ length: count }, () => ({
        url: tokenUrl,
        method: 'POST' as const,
        headers: { ...FORM_HEADERS, authorization: clientBasic(m2m.id, m2m.secret) },
        body: 'grant_type=client_credentials&scope=invoices:read',
      }));

    // sanity (not timed): each side answers an ID, access and refresh token
    for (const [label, probe] of [
      ['authgraph', (await ourExchanges(1))[0]!],
      ['oidc-provider', (await theirExchanges(1))[0]!],
    ] as const) {
      const answer = (await (await fetch(probe.url, { method: 'POST', headers: probe.headers, body: probe.body })).json()) as Record<
        string,
        unknown
      >;
      if (typeof answer.id_token !== 'string' || typeof answer.refresh_token !== 'string' || typeof answer.access_token !== 'string')
        throw new Error(`${label}: exchange answered ${JSON.stringify(answer)}`);
    }

    progress(`${backend}: warm-up`);
    await timedJob({ kind: 'batch', requests: await ourExchanges(200), concurrency: CONCURRENCY });
    await timedJob({ kind: 'batch', requests: await theirExchanges(200), concurrency: CONCURRENCY });
    const ours: Run[] = [];
    const theirs: Run[] = [];
    const plain: Run[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(
        `${backend}: round ${r + 1}/${ROUNDS}: ${CODES} codes issued on each side (setup), then ${CODES} exchanges each and ${CODES} client_credentials requests`,
      );
      // codes live 60 s: issue each side's just before sending them
      ours.push(await timedJob({ kind: 'batch', requests: await ourExchanges(CODES), concurrency: CONCURRENCY }));
      theirs.push(await timedJob({ kind: 'batch', requests: await theirExchanges(CODES), concurrency: CONCURRENCY }));
      plain.push(await timedJob({ kind: 'batch', requests: cc(CODES), concurrency: CONCURRENCY }));
    }
    const a = timedSummary(ours);
    const b = timedSummary(theirs);
    const c = timedSummary(plain);
    const label = BACKEND_LABEL[backend];
    return [
      [
        label,
        'authgraph POST /token grant_type=authorization_code',
        fmt(a.rps, 0),
        ms(a.p50),
        ms(a.p99),
        fmt(a.total, 0),
        ratio(a.rps / b.rps),
      ],
      [
        label,
        `baseline: oidc-provider ${OIDC_PROVIDER_VERSION} authorization_code`,
        fmt(b.rps, 0),
        ms(b.p50),
        ms(b.p99),
        fmt(b.total, 0),
        ratio(1),
      ],
      [
        label,
        'authgraph client_credentials (same server, same concurrency)',
        fmt(c.rps, 0),
        ms(c.p50),
        ms(c.p99),
        fmt(c.total, 0),
        ratio(c.rps / b.rps),
      ],
    ];
  } finally {
    await baseline?.stop();
    await server.stop();
  }
}

async function main() {
  const { run, notes } = await figureBackends();
  const rows: string[][] = [];
  for (const backend of run) rows.push(...(await measure(backend)));
  printTable(
    'Authorization-code exchanges/s (PKCE S256, client_secret_basic; ID + access + refresh token per exchange) vs node oidc-provider',
    ['backend', 'request', 'per s', 'p50', 'p99', 'requests', 'vs oidc-provider'],
    rows,
    [
      `goal: ≥ 1.0× oidc-provider on PostgreSQL + Redis, ≥ 0.5× on the embedded default`,
      `${CONCURRENCY} requests in flight, ${ROUNDS} rounds of ${CODES} single-use codes per side (issued beforehand, not timed); every answer checked 200`,
      `both sides answer an ES256 JWT access token, an ID token (with the nonce) and a refresh token; oidc-provider keeps codes, grants and tokens in its in-memory adapter (same process)`,
      `authgraph: one statement spends the code and reads session, issuer policy, user and membership; one INSERT of the refresh token`,
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
