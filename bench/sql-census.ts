/**
 * SQL census: how many statements the database receives per refresh-token rotation, per
 * authorization_code exchange and per client_credentials token, on the embedded default and on
 * PostgreSQL + Redis. Each figure is `Database.queryCount()` over `COUNT` sequential requests to
 * the token endpoint (every answer checked 200), plus what the relay and the webhook fan-out run
 * because of them (counted until the relay has been idle for a while), divided by `COUNT`.
 * Counts, not timings: the figure is the same on a loaded machine. Setup (sessions, codes) is
 * not counted. Its baseline is the same count taken on `main` before the perf-db merge (BEFORE).
 *
 *   npx tsx bench/sql-census.ts      (BENCH_CENSUS=… requests per figure, default 60;
 *                                     BENCH_BACKENDS=embedded|redis for one backend)
 * @module
 */
import { clientBasic, createIssuerAndOrg, createM2mClient, fmt, FORM_HEADERS, machineNote, printTable, progress } from './lib/common.js';
import { createUserWithPassword, createWebClient, issueCodes, pkcePair, REDIRECT_URI, refreshTokens } from './lib/sessions.js';
import { BACKEND_LABEL, figureBackends, startEventServer, type Backend, type EventBenchServer } from './lib/event-backends.js';

const COUNT = Number(process.env.BENCH_CENSUS ?? 60);
/** the relay counts as idle once no statement arrived for this long (ms) */
const SETTLE_MS = 400;

/**
 * What `main` at d0038bc (before the perf-db merge) counted with this script, "with relay +
 * fan-out", per request (40 requests per row); client_credentials was already ~0.2 (cached client).
 */
const BEFORE: Record<Backend, { rotation: string; exchange: string; cc: string }> = {
  embedded: { rotation: '15.2', exchange: '7.1', cc: '0.2' },
  postgres: { rotation: '15.2', exchange: '7.2', cc: '0.2' },
  redis: { rotation: '15.2', exchange: '7.2', cc: '0.2' },
};

async function settle(server: EventBenchServer): Promise<void> {
  for (;;) {
    const before = server.app.db.queryCount();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    if (server.app.db.queryCount() === before) return;
  }
}

/** Statements per request: during the requests alone, and with the relay work they caused. */
async function count(server: EventBenchServer, requests: (() => Promise<void>)[]): Promise<{ during: number; total: number }> {
  await settle(server);
  const start = server.app.db.queryCount();
  let during = 0;
  for (const send of requests) {
    const before = server.app.db.queryCount();
    await send();
    during += server.app.db.queryCount() - before;
  }
  await settle(server);
  return { during: during / requests.length, total: (server.app.db.queryCount() - start) / requests.length };
}

async function post(url: string, headers: Record<string, string>, body: string, field: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200 || typeof answer[field] !== 'string') throw new Error(`${url} answered ${res.status} ${JSON.stringify(answer)}`);
  return answer[field] as string;
}

async function census(backend: Backend): Promise<string[][]> {
  const server = await startEventServer(backend);
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'SQL census');
    const web = await createWebClient(server, issuerId);
    const m2m = await createM2mClient(server, { issuerId, name: 'census-m2m', scopes: ['invoices:read'] });
    const userId = await createUserWithPassword(server, issuerId, 'census@bench.example');
    const tokenUrl = `${server.app.publicUrl()}/${issuerId}/token`;
    const webHeaders = { ...FORM_HEADERS, authorization: clientBasic(web.id, web.secret) };
    const m2mHeaders = { ...FORM_HEADERS, authorization: clientBasic(m2m.id, m2m.secret) };

    progress(`${backend}: warm-up`);
    const [warm] = await refreshTokens(server, issuerId, userId, web.id, 1);
    let token = warm!;
    for (let i = 0; i < 10; i++)
      token = await post(tokenUrl, webHeaders, `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}`, 'refresh_token');
    for (let i = 0; i < 10; i++) await post(tokenUrl, m2mHeaders, 'grant_type=client_credentials&scope=invoices:read', 'access_token');

    progress(`${backend}: ${COUNT} rotations, ${COUNT} code exchanges, ${COUNT} client_credentials`);
    const [first] = await refreshTokens(server, issuerId, userId, web.id, 1);
    let current = first!;
    const rotation = await count(
      server,
      Array.from({ length: COUNT }, () => async () => {
        current = await post(
          tokenUrl,
          webHeaders,
          `grant_type=refresh_token&refresh_token=${encodeURIComponent(current)}`,
          'refresh_token',
        );
      }),
    );
    const { verifier, challenge } = pkcePair();
    const codes = await issueCodes(server, issuerId, userId, web.id, COUNT, challenge);
    const exchange = await count(
      server,
      codes.map((code) => async () => {
        const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
        await post(tokenUrl, webHeaders, body.toString(), 'refresh_token');
      }),
    );
    const cc = await count(
      server,
      Array.from({ length: COUNT }, () => async () => {
        await post(tokenUrl, m2mHeaders, 'grant_type=client_credentials&scope=invoices:read', 'access_token');
      }),
    );
    const label = BACKEND_LABEL[backend];
    return [
      [label, 'refresh_token rotation', fmt(rotation.during, 1), fmt(rotation.total, 1), BEFORE[backend].rotation],
      [
        label,
        'authorization_code exchange (with refresh token)',
        fmt(exchange.during, 1),
        fmt(exchange.total, 1),
        BEFORE[backend].exchange,
      ],
      [label, 'client_credentials', fmt(cc.during, 1), fmt(cc.total, 1), BEFORE[backend].cc],
    ];
  } finally {
    await server.stop();
  }
}

async function main() {
  const { run, notes } = await figureBackends();
  const rows: string[][] = [];
  for (const backend of run) rows.push(...(await census(backend)));
  printTable(
    'SQL statements per token request (Database.queryCount)',
    ['backend', 'request', 'during the request', 'with relay + fan-out', 'before (main, same count)'],
    rows,
    [
      `${COUNT} sequential requests per row, every answer checked 200; "with relay + fan-out" counts until the relay was idle ${SETTLE_MS} ms`,
      'before: main at d0038bc (before the perf-db merge), same script, the "with relay + fan-out" column',
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
