/**
 * Password sign-ins/s through the hosted page with p50/p99: GET /authorize (the form), then the
 * form's POST with username and password, which answers a redirect with a code. The POST is
 * argon2-bound, so the baseline is argon2id verification alone with the same parameters, in this
 * process, at the same concurrency, in the same run.
 *
 *   npx tsx bench/password-sign-in.ts      (BENCH_SECONDS=… per measured round, default 5)
 * @module
 */
import { availableParallelism } from 'node:os';
import { createIssuerAndOrg, fmt, machineNote, ms, printTable, progress, ratio, startBenchServer } from './lib/common.js';
import { timedJob, timedSummary, type Sample } from './lib/load.js';
import { BENCH_PASSWORD, createUserWithPassword, createWebClient, pkcePair, REDIRECT_URI } from './lib/sessions.js';
import { createPasswordHasher, PASSWORD_HASH_PARAMS } from '../src/domain/passwords.js';

const CONCURRENCY = 4;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;
const REFUSAL_USERS = 30;
const REFUSALS_PER_USER = 4;

/** argon2id verifications, CONCURRENCY at a time, for `seconds`. */
async function argon2Baseline(seconds: number): Promise<{ samples: Sample[]; seconds: number }> {
  const hasher = createPasswordHasher();
  const hash = await hasher.hash(BENCH_PASSWORD);
  const samples: Sample[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  const lane = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      if (!(await hasher.verify(hash, BENCH_PASSWORD)).ok) throw new Error('argon2 baseline did not verify');
      samples.push({ ms: performance.now() - t, status: 200, bytes: 0 });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { samples, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const server = await startBenchServer();
  try {
    const { issuerId } = await createIssuerAndOrg(server, 'Password sign-in');
    const web = await createWebClient(server, issuerId);
    const username = 'signin@bench.example';
    await createUserWithPassword(server, issuerId, username);
    const { challenge } = pkcePair();
    const authorizeUrl = `${server.app.publicUrl()}/${issuerId}/authorize?${new URLSearchParams({ response_type: 'code', client_id: web.id, redirect_uri: REDIRECT_URI, scope: 'openid email', state: 'bench', code_challenge: challenge, code_challenge_method: 'S256' })}`;
    const job = {
      kind: 'sign-in' as const,
      authorizeUrl,
      usernames: [username],
      password: BENCH_PASSWORD,
      expect: 'code' as const,
      concurrency: CONCURRENCY,
    };

    progress('warm-up');
    await timedJob({ ...job, seconds: 2 });
    await argon2Baseline(2);
    const ours: { samples: Sample[]; seconds: number }[] = [];
    const theirs: { samples: Sample[]; seconds: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(`round ${r + 1}/${ROUNDS}: ${SECONDS} s of sign-ins, then ${SECONDS} s of argon2 verifications`);
      ours.push(await timedJob({ ...job, seconds: SECONDS }));
      theirs.push(await argon2Baseline(SECONDS));
    }
    const a = timedSummary(ours);
    const b = timedSummary(theirs);
    const p = PASSWORD_HASH_PARAMS;
    printTable(
      `Password sign-ins/s through the hosted page (argon2id m=${p.memoryCost} KiB, t=${p.timeCost}, p=${p.parallelism})`,
      ['work', 'per s', 'p50', 'p99', 'count', 'vs baseline'],
      [
        [
          'hosted sign-in: GET /authorize + POST the form → 303 with a code',
          fmt(a.rps, 1),
          ms(a.p50),
          ms(a.p99),
          fmt(a.total, 0),
          ratio(a.rps / b.rps),
        ],
        ['baseline: argon2id verify alone (same parameters)', fmt(b.rps, 1), ms(b.p50), ms(b.p99), fmt(b.total, 0), ratio(1)],
      ],
      [
        `${CONCURRENCY} sign-ins in flight (libuv thread pool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads, ${availableParallelism()} vCPU); latency is the POST's; ${ROUNDS} alternating rounds of ${SECONDS} s`,
        `parameters: OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane); each sign-in also creates a session and a code and renders the form`,
        `in-memory PGlite; ${machineNote()}`,
      ],
    );

    // Refusals: a wrong password for known users vs unknown names, the same number of each, one at
    // a time (below the lockout threshold: REFUSAL_USERS users × REFUSALS_PER_USER tries each).
    progress(`refusals: ${REFUSAL_USERS} users with a password (setup), then wrong passwords and unknown names`);
    const known: string[] = [];
    for (let i = 0; i < REFUSAL_USERS; i++) {
      const name = `refused-${i}@bench.example`;
      await createUserWithPassword(server, issuerId, name);
      known.push(name);
    }
    const tries = Array.from({ length: REFUSALS_PER_USER }, () => known).flat();
    const ghosts = tries.map((_, i) => `ghost-${i}-${Date.now()}@bench.example`);
    const refused = { ...job, password: 'not the bench password 1', expect: 'refused' as const, concurrency: 1 };
    const wrong = timedSummary([await timedJob({ ...refused, usernames: tries })]);
    const unknown = timedSummary([await timedJob({ ...refused, usernames: ghosts })]);
    printTable(
      'Refused sign-ins: a wrong password and an unknown user cost the same (the same 400 page, a decoy argon2id check)',
      ['POST with', 'p50', 'p99', 'count', 'p50 vs wrong password'],
      [
        ['a known user, wrong password', ms(wrong.p50), ms(wrong.p99), fmt(wrong.total, 0), ratio(1)],
        ['an unknown username', ms(unknown.p50), ms(unknown.p99), fmt(unknown.total, 0), ratio(unknown.p50 / wrong.p50)],
      ],
      [
        `one request at a time; ${REFUSAL_USERS} users × ${REFUSALS_PER_USER} wrong passwords (under the lockout threshold of 5), as many fresh unknown names; ${machineNote()}`,
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
