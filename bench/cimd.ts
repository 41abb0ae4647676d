/**
 * `GET /authorize` for a client identified by a Client ID Metadata Document URL whose document is
 * cached (fresh per its `Cache-Control: max-age`), against the same request for a registered
 * client, on the same server in alternating rounds (goal: ≥ 0.9×). Both answer the sign-in form
 * (no browser session): the difference is resolving the client — a URL checked against the
 * issuer's rules and looked up in the CIMD cache, versus a client id looked up directly.
 *
 *   npx tsx bench/cimd.ts      (BENCH_REQUESTS per round and client, default 1500; BENCH_ROUNDS, default 4)
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fmt, machineNote, ms, mutate, printTable, progress, ratio, startBenchServer, createIssuerAndOrg } from './lib/common.js';
import { timedJob, timedSummary, type Sample } from './lib/load.js';
import { pkcePair, REDIRECT_URI } from './lib/sessions.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = 8;

async function main() {
  // development/test settings: the document is served over http on loopback
  const server = await startBenchServer({ NODE_ENV: 'test', CIMD_ALLOW_LOOPBACK_HTTP: 'true' });
  let fetches = 0;
  const documents = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' }).end(
      JSON.stringify({
        client_id: cimdUrl,
        client_name: 'Bench agent',
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'none',
      }),
    );
  });
  await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
  const cimdUrl = `http://127.0.0.1:${(documents.address() as AddressInfo).port}/clients/bench.json`;
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'CIMD');
    const registered = await mutate<{ client: { id: string } }>(
      server,
      'mutation C($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { client { id } } ... on Error { code message } } }',
      'createClient',
      { issuerId, name: 'bench-public', confidential: false, redirectUris: [REDIRECT_URI], scopes: ['openid'] },
    );
    const { challenge } = pkcePair();
    const authorize = (clientId: string) =>
      `${server.app.publicUrl()}/${issuerId}/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256', state: 'bench' })}`;

    // sanity (not timed): both answer the sign-in form; the document is fetched once
    for (const id of [cimdUrl, registered.client.id]) {
      const page = await fetch(authorize(id));
      const html = await page.text();
      if (page.status !== 200 || !html.includes('name="password"'))
        throw new Error(`authorize for ${id} answered ${page.status}: ${html.slice(0, 200)}`);
    }
    // the same load generator as the other /token and /authorize figures: a separate process,
    // CONCURRENCY requests in flight, rounds alternating in both orders (A B, then B A)
    const batch = (clientId: string, count: number) => ({
      kind: 'batch' as const,
      requests: Array.from({ length: count }, () => ({ url: authorize(clientId), method: 'GET' as const, headers: {} })),
      concurrency: CONNECTIONS,
    });
    progress('warm-up');
    await timedJob(batch(cimdUrl, 300));
    await timedJob(batch(registered.client.id, 300));
    const ours: { samples: Sample[]; seconds: number }[] = [];
    const theirs: { samples: Sample[]; seconds: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(`round ${r + 1}/${ROUNDS}: ${REQUESTS} requests each, ${r % 2 === 0 ? 'CIMD first' : 'registered first'}`);
      if (r % 2 === 0) {
        ours.push(await timedJob(batch(cimdUrl, REQUESTS)));
        theirs.push(await timedJob(batch(registered.client.id, REQUESTS)));
      } else {
        theirs.push(await timedJob(batch(registered.client.id, REQUESTS)));
        ours.push(await timedJob(batch(cimdUrl, REQUESTS)));
      }
    }
    const cimd = timedSummary(ours);
    const plain = timedSummary(theirs);
    if (fetches !== 1) throw new Error(`the document was fetched ${fetches} times (expected once: max-age=3600)`);
    printTable(
      'GET /authorize (sign-in form): Client ID Metadata Document client with a warm cache vs a registered client',
      ['client_id', 'per s', 'p50', 'p99', 'requests', 'vs registered'],
      [
        [
          'https URL → metadata document (cached)',
          fmt(cimd.rps, 0),
          ms(cimd.p50),
          ms(cimd.p99),
          fmt(cimd.total, 0),
          ratio(cimd.rps / plain.rps),
        ],
        ['c_… registered client (baseline)', fmt(plain.rps, 0), ms(plain.p50), ms(plain.p99), fmt(plain.total, 0), ratio(1)],
      ],
      [
        `${CONNECTIONS} requests in flight, ${ROUNDS} rounds of ${REQUESTS} requests per client, alternating which goes first (after 300-request warm-ups); goal ≥ 0.9×`,
        `document fetched ${fetches} time(s) in the whole run`,
        `in-memory PGlite; ${machineNote()}`,
      ],
    );
  } finally {
    await new Promise<void>((resolve) => documents.close(() => resolve()));
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
