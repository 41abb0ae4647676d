/**
 * Profiling aid (not a figure): loads one cheap HTTP path of the embedded bench server with
 * autocannon from a child process for PROFILE_SECONDS and prints this process's CPU per request
 * (per thread with PROFILE_THREADS=1); with PROFILE_OUT, writes a V8 CPU profile of that window.
 *
 *   PROFILE_KIND=viewer|me|cc PROFILE_OUT=/tmp/x.cpuprofile npx tsx bench/profile-http.ts
 *
 * V8's profiler samples wall time: a sample taken while the thread waits for the CPU (the load
 * generator shares the two cores) lands on whatever ran last, often `writev`. For on-CPU samples
 * of every thread (JIT frames named), PROFILE_PERF=/tmp/x.perf records the measured window with
 * Linux perf's cpu-clock event; run it as `node --perf-basic-prof --import tsx bench/profile-http.ts`
 * and read it with `perf report -i /tmp/x.perf --sort pid` (one row per thread; `--tid <pid> --sort dso,sym` for one).
 *
 * viewer: POST /graphql `{ viewer { id } }` with the admin key (Basic); me: GET /v1/me with an
 * organization API key (Basic); cc: client_credentials at the token endpoint. PROFILE_HEAP=/tmp/x.heapprofile
 * samples what the window allocates (collected objects included): what feeds the GC.
 * @module
 */
import { Session } from 'node:inspector/promises';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type autocannon from 'autocannon';
import {
  basic,
  clientBasic,
  createIssuerAndOrg,
  createM2mClient,
  createOrganizationApiKey,
  FORM_HEADERS,
  GRAPHQL_HEADERS,
  startBenchServer,
} from './lib/common.js';
import { cannon } from './lib/load.js';
import { threadReport, threadTimes } from './lib/threads.js';

const kind = process.env.PROFILE_KIND ?? 'viewer';
const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const server = await startBenchServer();
try {
  let options: autocannon.Options;
  if (kind === 'viewer') {
    options = {
      url: `${server.url}/graphql`,
      method: 'POST',
      headers: { ...GRAPHQL_HEADERS, authorization: server.authorization },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    };
  } else if (kind === 'me') {
    const { organizationId } = await createIssuerAndOrg(server, 'Profile');
    const key = await createOrganizationApiKey(server, {
      organizationId,
      name: 'profile-me',
      scopes: ['org:read'],
      rateLimit: 1_000_000,
      rateLimitWindowSeconds: 86_400,
    });
    options = { url: `${server.url}/v1/me`, method: 'GET', headers: { authorization: basic(key.id, key.secret) } };
  } else if (kind === 'cc') {
    const { issuerId, organizationId } = await createIssuerAndOrg(server, 'Profile');
    const client = await createM2mClient(server, { issuerId, name: 'profile-cc', scopes: ['org:read'], organizationId });
    options = {
      url: `${server.app.publicUrl()}/${issuerId}/token`,
      method: 'POST',
      headers: { ...FORM_HEADERS, authorization: clientBasic(client.id, client.secret) },
      body: 'grant_type=client_credentials',
    };
  } else throw new Error(`PROFILE_KIND ${kind}: viewer, me or cc`);
  await cannon({ ...options, connections: 10, duration: 2 });
  const session = process.env.PROFILE_OUT || process.env.PROFILE_HEAP ? new Session() : null;
  if (session) session.connect();
  if (session && process.env.PROFILE_HEAP) {
    // every allocation sampled, also the objects a GC collected since (what a request allocates)
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
  }
  if (session && process.env.PROFILE_OUT) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const perf = process.env.PROFILE_PERF
    ? spawn(
        'perf',
        [
          'record',
          '-q',
          ...(process.env.PROFILE_PERF_G ? ['-g'] : []),
          '-e',
          'cpu-clock',
          '-F',
          '1999',
          '-p',
          String(process.pid),
          '-o',
          process.env.PROFILE_PERF,
          '--',
          'sleep',
          String(seconds),
        ],
        {
          stdio: 'inherit',
        },
      )
    : null;
  const threads0 = threadTimes();
  const cpu0 = process.cpuUsage();
  const result = await cannon({ ...options, connections: 10, duration: seconds });
  const cpu = process.cpuUsage(cpu0);
  if (perf) await new Promise((resolve) => perf.once('exit', resolve));
  if (session && process.env.PROFILE_HEAP)
    writeFileSync(process.env.PROFILE_HEAP, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
  if (session && process.env.PROFILE_OUT)
    writeFileSync(process.env.PROFILE_OUT, JSON.stringify((await session.post('Profiler.stop')).profile));
  const total = result.requests.total;
  if (process.env.PROFILE_THREADS) for (const line of threadReport(threads0, threadTimes(), total)) console.log(line);
  console.log(
    `${kind}: ${(total / result.duration).toFixed(0)}/s, ${total} requests, server CPU ${((cpu.user + cpu.system) / total).toFixed(0)} µs per request`,
  );
} finally {
  await server.stop();
}
process.exit(0);
