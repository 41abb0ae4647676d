/**
 * `GET /authorize` for a client identified by a Client ID Metadata Document URL whose document is
 * cached (fresh per its `Cache-Control: max-age`), against the same request for a registered
 * client, on the same server in alternating rounds (goal: ≥ 0.9×). Both answer the sign-in form
 * (no browser session): the difference is resolving the client — a URL checked against the
 * issuer's rules and looked up in the CIMD cache, versus a client id looked up directly.
 *
 *   npx tsx bench/cimd.ts      (BENCH_SECONDS per round, default 5; BENCH_ROUNDS, default 3)
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fmt, machineNote, ms, mutate, printTable, progress, ratio, startBenchServer, createIssuerAndOrg } from './lib/common.js';
import { alternatingRounds, type CannonSummary, type CannonTarget } from './lib/load.js';
import { pkcePair, REDIRECT_URI } from './lib/sessions.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 8;

async function main() {
  // development/test settings: the document is served over http on loopback
  const server = await startBenchServer({ NODE_ENV: 'test', CIMD_ALLOW_LOOPBACK_HTTP: 'true' });
  let fetches = 0;
  const documents = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' }).end(JSON.stringify({ client_id: cimdUrl, client_name: 'Bench agent', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none' }));
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
      if (page.status !== 200 || !html.includes('name="password"')) throw new Error(`authorize for ${id} answered ${page.status}: ${html.slice(0, 200)}`);
    }
    progress('alternating rounds, each order in turn (A B then B A: neither goes first every time)');
    const targets: CannonTarget[] = [
      { label: 'CIMD client (warm cache)', options: { url: authorize(cimdUrl), method: 'GET' } },
      { label: 'registered client', options: { url: authorize(registered.client.id), method: 'GET' } },
    ];
    const settings = { connections: CONNECTIONS, warmupSeconds: 2, seconds: SECONDS, rounds: ROUNDS };
    const forward = await alternatingRounds(targets, settings);
    const backward = (await alternatingRounds([...targets].reverse(), settings)).reverse();
    const merge = (a: CannonSummary, b: CannonSummary): CannonSummary => ({
      rps: (a.total + b.total) / (a.total / a.rps + b.total / b.rps),
      mean: (a.mean + b.mean) / 2,
      p50: (a.p50 + b.p50) / 2,
      p99: (a.p99 + b.p99) / 2,
      total: a.total + b.total,
    });
    const cimd = merge(forward[0]!, backward[0]!);
    const plain = merge(forward[1]!, backward[1]!);
    if (fetches !== 1) throw new Error(`the document was fetched ${fetches} times (expected once: max-age=3600)`);
    printTable(
      'GET /authorize (sign-in form): Client ID Metadata Document client with a warm cache vs a registered client',
      ['client_id', 'per s', 'p50', 'p99', 'requests', 'vs registered'],
      [
        ['https URL → metadata document (cached)', fmt(cimd!.rps, 0), ms(cimd!.p50), ms(cimd!.p99), fmt(cimd!.total, 0), ratio(cimd!.rps / plain!.rps)],
        ['c_… registered client (baseline)', fmt(plain!.rps, 0), ms(plain!.p50), ms(plain!.p99), fmt(plain!.total, 0), ratio(1)],
      ],
      [`${CONNECTIONS} connections, 2 × ${ROUNDS} alternating rounds of ${SECONDS} s, in both orders (after 2 s warm-ups); goal ≥ 0.9×`, `document fetched ${fetches} time(s) in the whole run`, `in-memory PGlite; ${machineNote()}`],
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
