/**
 * Profiling aid (not a figure): runs only authgraph refresh rotations (or code exchanges with
 * PROFILE_KIND=code) for PROFILE_SECONDS against one backend (BENCH_BACKENDS) and writes a V8 CPU
 * profile of the serving process for that window alone to PROFILE_OUT.
 *
 *   BENCH_BACKENDS=embedded PROFILE_OUT=/tmp/x.cpuprofile npx tsx bench/profile-token.ts
 *
 * PROFILE_STATS=1 also prints, per table the rotation writes (RefreshToken, Session, Event), rows
 * inserted and updated and how many updates were HOT (heap-only: no index entry written), from
 * pg_stat_user_tables: how many index insertions a rotation really costs. PROFILE_THREADS=1 prints
 * the CPU time of each thread of the process (event loop, database thread, libuv pool, GC) per
 * rotation. PROFILE_WARMUP (seconds, default 2) sets the untimed warm-up: TurboFan is still
 * compiling the hot path after 2 s at a few hundred rotations a second.
 * @module
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { clientBasic, createIssuerAndOrg, FORM_HEADERS } from './lib/common.js';
import { timedJob, timedSummary } from './lib/load.js';
import { createUserWithPassword, createWebClient, refreshTokens } from './lib/sessions.js';
import { startEventServer, type Backend } from './lib/event-backends.js';
import { processCpuMs, threadReport, threadTimes } from './lib/threads.js';

const backend = (process.env.BENCH_BACKENDS ?? 'embedded') as Backend;
const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const server = await startEventServer(backend);
try {
  const { issuerId } = await createIssuerAndOrg(server, 'Profile');
  const web = await createWebClient(server, issuerId);
  const userId = await createUserWithPassword(server, issuerId, 'profile@bench.example');
  const url = `${server.app.publicUrl()}/${issuerId}/token`;
  const headers = { ...FORM_HEADERS, authorization: clientBasic(web.id, web.secret) };
  const job = { kind: 'chains' as const, url, headers, body: 'grant_type=refresh_token&refresh_token={token}', field: 'refresh_token' };
  await timedJob({
    ...job,
    initial: await refreshTokens(server, issuerId, userId, web.id, 8),
    seconds: Number(process.env.PROFILE_WARMUP ?? 2),
  });
  const initial = await refreshTokens(server, issuerId, userId, web.id, 8);
  // without PROFILE_OUT no profiler runs (it slows WebAssembly down): CPU per rotation only
  const session = process.env.PROFILE_OUT ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const threads0 = threadTimes();
  const postgres0 = processCpuMs('postgres');
  const redis0 = processCpuMs('redis-server');
  const cpu0 = process.cpuUsage();
  const run = await timedJob({ ...job, initial, seconds });
  const cpu = process.cpuUsage(cpu0);
  if (session && process.env.PROFILE_OUT)
    writeFileSync(process.env.PROFILE_OUT, JSON.stringify((await session.post('Profiler.stop')).profile));
  const s = timedSummary([run]);
  if (process.env.PROFILE_THREADS) {
    for (const line of threadReport(threads0, threadTimes(), s.total)) console.log(line);
    if (backend !== 'embedded')
      for (const [name, before] of [
        ['postgres', postgres0],
        ['redis-server', redis0],
      ] as const)
        console.log(
          `${name.padEnd(32)} ${String(processCpuMs(name) - before).padStart(6)} ms  ${(((processCpuMs(name) - before) / s.total) * 1000).toFixed(0).padStart(5)} µs per operation`,
        );
  }
  console.log(
    `${backend}: ${s.rps.toFixed(0)}/s, ${s.total} rotations, server CPU ${((cpu.user + cpu.system) / 1000 / s.total).toFixed(2)} ms per rotation`,
  );
  if (process.env.PROFILE_STATS)
    for (const r of await server.app.db.sql.query<Record<string, unknown>>(
      'SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables WHERE relname = ANY($1::text[]) OR seq_scan > 10 ORDER BY relname',
      [['RefreshToken', 'Session', 'Event']],
    ))
      console.log(r);
  if (process.env.PROFILE_PLANS)
    for (const r of await server.app.db.sql.query<Record<string, unknown>>(
      "SELECT name, generic_plans, custom_plans, left(regexp_replace(statement, '\\s+', ' ', 'g'), 60) AS sql FROM pg_prepared_statements",
      [],
    ))
      console.log(r);
} finally {
  await server.stop();
}
process.exit(0);
