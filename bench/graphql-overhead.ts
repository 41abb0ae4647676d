/**
 * Figure 2: GraphQL overhead. `{ viewer { id } }` (HTTP Basic admin key: credential lookup,
 * Pothos schema, scope-auth, armor limits, CSRF check) against a bare graphql-yoga hello-world
 * on node:http, both served by this process and measured in the same run by autocannon in a
 * child process.
 *
 *   npx tsx bench/graphql-overhead.ts        (BENCH_SECONDS=… per measured round, default 5)
 * @module
 */
import type { CannonTarget } from './lib/load.js';
import { fmt, gql, ms, GRAPHQL_HEADERS, machineNote, printTable, ratio, startBenchServer } from './lib/common.js';
import { HELLO_QUERY, startHelloYoga } from './lib/hello-yoga.js';
import { alternatingRounds } from './lib/load.js';

const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;

async function main() {
  const server = await startBenchServer();
  const hello = await startHelloYoga();
  try {
    const viewer = await gql<{ viewer: { id: string } }>(server.url, server.authorization, '{ viewer { id } }');
    if (viewer.viewer.id !== server.keyId) throw new Error(`viewer.id is ${viewer.viewer.id}, expected ${server.keyId}`);
    const hi = await gql<{ hello: string }>(hello.url, null, HELLO_QUERY);
    if (hi.hello !== 'world') throw new Error('hello-world server answered wrongly');

    const targets = [
      {
        label: 'authgraph { viewer { id } } (Basic auth)',
        options: {
          url: `${server.url}/graphql`,
          method: 'POST',
          headers: { ...GRAPHQL_HEADERS, authorization: server.authorization },
          body: JSON.stringify({ query: '{ viewer { id } }' }),
        },
      },
      {
        label: 'baseline: bare graphql-yoga { hello }',
        options: { url: `${hello.url}/graphql`, method: 'POST', headers: GRAPHQL_HEADERS, body: JSON.stringify({ query: HELLO_QUERY }) },
      },
    ] satisfies CannonTarget[];

    const summary = await alternatingRounds(targets, {
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      rounds: ROUNDS,
    });
    const base = summary[1]!;
    printTable(
      'Figure 2 — GraphQL overhead: { viewer { id } } vs a bare graphql-yoga hello-world',
      ['server', 'req/s', 'mean', 'p50', 'p99', 'requests', 'CPU/request', 'req/s vs baseline', 'CPU vs baseline'],
      targets.map((t, i) => {
        const s = summary[i]!;
        return [
          t.label,
          fmt(s.rps, 0),
          ms(s.mean),
          `${fmt(s.p50, 0)} ms`,
          `${fmt(s.p99, 0)} ms`,
          fmt(s.total, 0),
          `${fmt(s.cpuMsPerRequest * 1000, 0)} µs`,
          ratio(s.rps / base.rps),
          ratio(base.cpuMsPerRequest / s.cpuMsPerRequest),
        ];
      }),
      [
        `authgraph / bare yoga = ${ratio(summary[0]!.rps / base.rps)} the throughput (${fmt(base.rps / summary[0]!.rps, 1)}× slower per request)`,
        `CPU/request: CPU time of this process (both servers) per answered request while that server was loaded; "CPU vs baseline" = baseline CPU / this CPU; it includes the idle background work of the process, so it only means something when throughput is well above a few hundred requests a second`,
        `autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up; latencies are the mean of the rounds' percentiles`,
        `both servers in one process, NODE_ENV=production, in-memory PGlite; ${machineNote()}`,
      ],
    );
  } finally {
    await hello.stop();
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
