/**
 * Authorization-code exchanges/s with p50/p99: `grant_type=authorization_code` with PKCE for a
 * confidential web client (ID token, access token and refresh token minted per request), each
 * code used once, against a same-run baseline of as many `client_credentials` requests sent by
 * the same load generator at the same concurrency.
 *
 *   npx tsx bench/code-exchange.ts      (BENCH_CODES=… codes per round, default 1500)
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
  startBenchServer,
} from './lib/common.js';
import { timedJob, timedSummary, type Sample } from './lib/load.js';
import { createUserWithPassword, createWebClient, issueCodes, pkcePair, REDIRECT_URI } from './lib/sessions.js';

const CONCURRENCY = 8;
const CODES = Number(process.env.BENCH_CODES ?? 1500);
const ROUNDS = 2;

async function main() {
  const server = await startBenchServer();
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'Code exchange');
    const web = await createWebClient(server, issuerId);
    const m2m = await createM2mClient(server, { issuerId, name: 'bench-m2m', scopes: ['invoices:read'] });
    const userId = await createUserWithPassword(server, issuerId, 'exchange@bench.example');
    const tokenUrl = `${server.app.publicUrl()}/${issuerId}/token`;
    const { verifier, challenge } = pkcePair();
    const exchanges = async (count: number) =>
      (await issueCodes(server, issuerId, userId, web.id, count, challenge)).map((code) => ({
        url: tokenUrl,
        method: 'POST' as const,
        headers: { ...FORM_HEADERS, authorization: clientBasic(web.id, web.secret) },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        }).toString(),
      }));
    const baseline = (count: number) =>
      Array.from({ length: count }, () => ({
        url: tokenUrl,
        method: 'POST' as const,
        headers: { ...FORM_HEADERS, authorization: clientBasic(m2m.id, m2m.secret) },
        body: 'grant_type=client_credentials&scope=invoices:read',
      }));

    // sanity (not timed): an exchange answers the three tokens
    const [probe] = await exchanges(1);
    const answer = (await (await fetch(probe!.url, { method: 'POST', headers: probe!.headers, body: probe!.body })).json()) as Record<
      string,
      unknown
    >;
    if (typeof answer.id_token !== 'string' || typeof answer.refresh_token !== 'string' || typeof answer.access_token !== 'string')
      throw new Error(`exchange answered ${JSON.stringify(answer)}`);

    progress('warm-up');
    await timedJob({ kind: 'batch', requests: await exchanges(200), concurrency: CONCURRENCY });
    await timedJob({ kind: 'batch', requests: baseline(200), concurrency: CONCURRENCY });
    const ours: { samples: Sample[]; seconds: number }[] = [];
    const theirs: { samples: Sample[]; seconds: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(
        `round ${r + 1}/${ROUNDS}: issuing ${CODES} codes (setup), then ${CODES} exchanges and ${CODES} client_credentials requests`,
      );
      const requests = await exchanges(CODES);
      ours.push(await timedJob({ kind: 'batch', requests, concurrency: CONCURRENCY }));
      theirs.push(await timedJob({ kind: 'batch', requests: baseline(CODES), concurrency: CONCURRENCY }));
    }
    const a = timedSummary(ours);
    const b = timedSummary(theirs);
    printTable(
      'Authorization-code exchanges/s (PKCE S256, client_secret_basic; ID + access + refresh token per exchange)',
      ['request', 'per s', 'p50', 'p99', 'requests', 'vs baseline'],
      [
        ['POST /token grant_type=authorization_code', fmt(a.rps, 0), ms(a.p50), ms(a.p99), fmt(a.total, 0), ratio(a.rps / b.rps)],
        ['baseline: POST /token client_credentials (same server)', fmt(b.rps, 0), ms(b.p50), ms(b.p99), fmt(b.total, 0), ratio(1)],
      ],
      [
        `${CONCURRENCY} requests in flight, ${ROUNDS} rounds of ${CODES} single-use codes each (codes issued beforehand, not timed); every answer checked 200`,
        `each exchange: spend the code (conditional UPDATE), check client, redirect_uri and PKCE, INSERT the refresh token, sign two JWTs (ES256)`,
        `in-memory PGlite; ${machineNote()}`,
      ],
    );
  } finally {
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
