/**
 * Abuse: one address guesses client secrets at `/token` as fast as it can while 20 legitimate
 * clients, each from its own address, mint client_credentials tokens. Printed: the attacker's
 * attempts the server still checked per second after the failed-authentication limiter tripped
 * (goal ≤ 1/s; every other attempt is a 429 answered before any secret is compared), and the
 * legitimate clients' success rate (goal ≥ 99 %) and p50/p99 against a same-run baseline without
 * the attacker. Bounded: BENCH_SECONDS per phase (default 5). The server trusts 127.0.0.1 as its
 * proxy so that the worker can speak from many addresses (X-Forwarded-For).
 *
 *   npm run bench -- abuse      (or npx tsx bench/abuse.ts)
 * @module
 */
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { newId } from '../src/lib/ids.js';
import { randomSecret } from '../src/lib/crypto.js';
import {
  basic,
  createIssuerAndOrg,
  createM2mClient,
  fmt,
  machineNote,
  ms,
  percentile,
  printTable,
  progress,
  ratio,
  type BenchServer,
} from './lib/common.js';
import { runForkedJob } from './lib/fork-job.js';
import type { AbuseJob, AbuseReply } from './lib/abuse-worker.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEGIT_CLIENTS = 20;
const ATTACKERS = 16;

async function main() {
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const config = {
    ...loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      TRUST_PROXY: '127.0.0.1',
      AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
      AUTHGRAPH_MASTER_KEY: randomBytes(32).toString('hex'),
    }),
    database: { kind: 'pglite' as const, dataDir: null },
  };
  const app = await buildApp({ config });
  const url = await app.start(0, '127.0.0.1');
  const server: BenchServer = { app, url, keyId, keySecret, authorization: basic(keyId, keySecret), stop: () => app.stop() };
  try {
    const { issuerId, organizationId } = await createIssuerAndOrg(server, 'Abuse');
    const clients: { id: string; secret: string }[] = [];
    for (let i = 0; i < LEGIT_CLIENTS; i++)
      clients.push(await createM2mClient(server, { issuerId, organizationId, name: `legit-${i}`, scopes: ['invoices:read'] }));
    const tokenUrl = `${url}/${issuerId}/token`;
    const job = (attack: boolean): AbuseJob => ({ tokenUrl, clients, seconds: SECONDS, attack, attackers: ATTACKERS });

    progress(`baseline: ${LEGIT_CLIENTS} legitimate clients for ${SECONDS} s`);
    const baseline = await runForkedJob<AbuseJob, AbuseReply>('abuse-worker.ts', job(false), (SECONDS + 60) * 1000);
    progress(`attack: the same clients plus one address guessing with ${ATTACKERS} parallel loops for ${SECONDS} s`);
    const attacked = await runForkedJob<AbuseJob, AbuseReply>('abuse-worker.ts', job(true), (SECONDS + 60) * 1000);

    const firstRefusal = attacked.attempts.find(([, status]) => status === 429)?.[0] ?? null;
    const after = firstRefusal === null ? [] : attacked.attempts.filter(([t]) => t >= firstRefusal);
    const checkedAfter = after.filter(([, status]) => status !== 429).length;
    const afterSeconds = firstRefusal === null ? 0 : SECONDS - firstRefusal / 1000;
    const checkedBefore = attacked.attempts.filter(([t, status]) => (firstRefusal === null || t < firstRefusal) && status !== 429).length;
    const legitRow = (label: string, r: AbuseReply) => {
      const total = r.legit.ok + r.legit.failed;
      return [
        label,
        String(total),
        `${fmt((100 * r.legit.ok) / Math.max(1, total), 2)} %`,
        fmt(total / SECONDS, 0),
        ms(percentile(r.legit.latenciesMs, 50)),
        ms(percentile(r.legit.latenciesMs, 99)),
      ];
    };
    printTable(
      `Abuse: ${LEGIT_CLIENTS} legitimate clients minting tokens while one address guesses client secrets (${SECONDS} s per phase)`,
      ['legitimate clients', 'requests', 'success', 'tokens/s', 'p50', 'p99'],
      [legitRow('baseline (no attacker)', baseline), legitRow('under attack', attacked)],
      [
        `p99 under attack / baseline: ${ratio(percentile(attacked.legit.latenciesMs, 99) / Math.max(0.001, percentile(baseline.legit.latenciesMs, 99)))}`,
        machineNote(),
      ],
    );
    printTable(
      'Attacker (one address, 16 parallel loops)',
      ['attempts', 'checked before the limiter tripped', 'tripped after', 'checked after', 'checked/s after (goal ≤ 1)', 'answered 429'],
      [
        [
          String(attacked.attempts.length),
          String(checkedBefore),
          firstRefusal === null ? 'never' : ms(firstRefusal),
          String(checkedAfter),
          fmt(afterSeconds > 0 ? checkedAfter / afterSeconds : 0, 2),
          String(attacked.attempts.filter(([, status]) => status === 429).length),
        ],
      ],
      [
        `limits: ${config.authFailures.perIdentifier} failures per identifier and address, ${config.authFailures.perAddress} per address, per ${config.authFailures.windowSeconds} s window`,
      ],
    );
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
