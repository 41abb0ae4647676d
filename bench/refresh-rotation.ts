/**
 * Refresh-token rotations/s with p50/p99: `grant_type=refresh_token` chains (each request uses
 * the token the previous one returned, as a client does), one chain per session, against a
 * same-run baseline of `client_credentials` requests sent by the same load generator in the same
 * way (the token endpoint minting a JWT without any session work).
 *
 *   npx tsx bench/refresh-rotation.ts      (BENCH_SECONDS=… per measured round, default 5)
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
import { createUserWithPassword, createWebClient, refreshTokens } from './lib/sessions.js';

const CHAINS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;

async function main() {
  const server = await startBenchServer();
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'Refresh rotation');
    const web = await createWebClient(server, issuerId);
    const m2m = await createM2mClient(server, { issuerId, name: 'bench-m2m', scopes: ['invoices:read'] });
    const userId = await createUserWithPassword(server, issuerId, 'rotation@bench.example');
    const tokenUrl = `${server.app.publicUrl()}/${issuerId}/token`;
    const rotation = {
      url: tokenUrl,
      headers: { ...FORM_HEADERS, authorization: clientBasic(web.id, web.secret) },
      body: 'grant_type=refresh_token&refresh_token={token}',
      field: 'refresh_token',
    };
    const baseline = {
      url: tokenUrl,
      headers: { ...FORM_HEADERS, authorization: clientBasic(m2m.id, m2m.secret) },
      body: 'grant_type=client_credentials&scope=invoices:read',
      field: 'access_token',
    };

    progress('warm-up');
    await timedJob({ kind: 'chains', ...rotation, initial: await refreshTokens(server, issuerId, userId, web.id, CHAINS), seconds: 2 });
    await timedJob({ kind: 'chains', ...baseline, initial: Array(CHAINS).fill(''), seconds: 2 });
    const ours: { samples: Sample[]; seconds: number }[] = [];
    const theirs: { samples: Sample[]; seconds: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(`round ${r + 1}/${ROUNDS}: ${SECONDS} s of rotations, then ${SECONDS} s of client_credentials`);
      ours.push(
        await timedJob({
          kind: 'chains',
          ...rotation,
          initial: await refreshTokens(server, issuerId, userId, web.id, CHAINS),
          seconds: SECONDS,
        }),
      );
      theirs.push(await timedJob({ kind: 'chains', ...baseline, initial: Array(CHAINS).fill(''), seconds: SECONDS }));
    }
    const a = timedSummary(ours);
    const b = timedSummary(theirs);
    const compromised = await server.app.db.prisma.session.count({ where: { issuerId, status: { not: 'active' } } });
    if (compromised !== 0) throw new Error(`${compromised} sessions ended during the run: a rotation was seen as reuse`);
    printTable(
      'Refresh-token rotations/s (strict rotation: retire the token by compare-and-set, issue the next, record session.refreshed)',
      ['request', 'per s', 'p50', 'p99', 'requests', 'vs baseline'],
      [
        ['POST /token grant_type=refresh_token (rotation)', fmt(a.rps, 0), ms(a.p50), ms(a.p99), fmt(a.total, 0), ratio(a.rps / b.rps)],
        ['baseline: POST /token client_credentials (same server)', fmt(b.rps, 0), ms(b.p50), ms(b.p99), fmt(b.total, 0), ratio(1)],
      ],
      [
        `${CHAINS} concurrent chains (one session each, every request uses the previous answer's refresh_token), ${ROUNDS} alternating rounds of ${SECONDS} s; every answer checked 200`,
        `each rotation: a read of token, session and user, then one transaction (UPDATE the token WHERE active, UPDATE last seen, INSERT the successor, INSERT session.refreshed, which the relay then publishes) + ES256 access and ID tokens`,
        `no session ended during the run (a rotation mistaken for reuse would have ended one); in-memory PGlite; ${machineNote()}`,
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
