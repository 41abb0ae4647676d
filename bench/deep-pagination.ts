/**
 * Figure 1: deep pagination. `organization.members(first: 50)` for the first page against the
 * page after row 100 000 (keyset cursor), on one organization with 100 000+ members.
 * Target: deep / first <= 1.5.
 *
 *   npx tsx bench/deep-pagination.ts        (BENCH_MEMBERS=… to change the row count)
 * @module
 */
import {
  createIssuerAndOrg,
  fmt,
  gql,
  GRAPHQL_HEADERS,
  machineNote,
  median,
  ms,
  percentile,
  printTable,
  progress,
  ratio,
  seedMembers,
  startBenchServer,
} from './lib/common.js';
import { sequence, type SequenceRequest } from './lib/load.js';

const DEEP_ROW = Number(process.env.BENCH_MEMBERS ?? 100_000);
const PAGE = 50;
/** rows beyond the deep cursor, so that the deep page is a full page */
const TOTAL = DEEP_ROW + 1_000;
/** the baseline organization: same query, first page, on a small org */
const SMALL_ORG = 200;
const MIN_ROUNDS = 5;
const MAX_ROUNDS = 40;
/** time allowed for the timed rounds; fewer rounds when one round is slow */
const BUDGET_MS = 30_000;
const TARGET = 1.5;

const QUERY = `query($id: ID!, $after: String) { organization(id: $id) { members(first: ${PAGE}, after: $after) { edges { cursor node { id user { id email } } } } } }`;

interface Page {
  organization: { members: { edges: { cursor: string; node: { id: string; user: { id: string; email: string } | null } }[] } } | null;
}

interface Case {
  label: string;
  orgId: string;
  orgSize: number;
  /** rows before the page (0: first page) */
  row: number;
  after: string | null;
}

async function main() {
  const server = await startBenchServer();
  try {
    const prisma = server.app.db.prisma;
    const big = await createIssuerAndOrg(server, 'Deep pagination');
    const small = await createIssuerAndOrg(server, 'Small org');
    const seedStarted = performance.now();
    await seedMembers(server.app, big.issuerId, big.organizationId, TOTAL);
    await seedMembers(server.app, small.issuerId, small.organizationId, SMALL_ORG);
    progress(`seeded ${fmt(TOTAL + SMALL_ORG, 0)} users + memberships in ${fmt((performance.now() - seedStarted) / 1000, 1)} s`);

    const nth = async (organizationId: string, row: number) =>
      (
        await prisma.membership.findMany({
          where: { organizationId },
          orderBy: { id: 'asc' },
          skip: row - 1,
          take: 1,
          select: { id: true },
        })
      )[0]!.id;
    // A cursor is the row's id (keyset pagination on the time-sortable TypeID).
    const at = async (orgId: string, row: number) => nth(orgId, row);
    const midRow = Math.floor(DEEP_ROW / 2);
    const cases: Case[] = [
      { label: 'first page', orgId: big.organizationId, orgSize: TOTAL, row: 0, after: null },
      {
        label: `after row ${fmt(midRow, 0)}`,
        orgId: big.organizationId,
        orgSize: TOTAL,
        row: midRow,
        after: await at(big.organizationId, midRow),
      },
      {
        label: `after row ${fmt(DEEP_ROW, 0)}`,
        orgId: big.organizationId,
        orgSize: TOTAL,
        row: DEEP_ROW,
        after: await at(big.organizationId, DEEP_ROW),
      },
      { label: 'baseline: first page, small org', orgId: small.organizationId, orgSize: SMALL_ORG, row: 0, after: null },
    ];

    // Sanity (not timed): each page is full and starts right after its cursor row.
    const queries: number[] = [];
    for (const c of cases) {
      const before = server.app.db.queryCount();
      const data = await gql<Page>(server.url, server.authorization, QUERY, { id: c.orgId, after: c.after });
      queries.push(server.app.db.queryCount() - before);
      const edges = data.organization?.members.edges ?? [];
      const expectedFirst = await nth(c.orgId, c.row + 1);
      if (edges.length !== PAGE || edges[0]!.node.id !== expectedFirst || !edges[0]!.node.user?.email)
        throw new Error(`${c.label}: expected ${PAGE} edges from ${expectedFirst}, got ${edges.length} from ${edges[0]?.node.id}`);
      if (c.row === 0 && edges[0]!.cursor !== expectedFirst) throw new Error(`cursor encoding differs from the API's: ${edges[0]!.cursor}`);
    }

    const request = (c: Case): SequenceRequest => ({
      url: `${server.url}/graphql`,
      method: 'POST',
      headers: { ...GRAPHQL_HEADERS, authorization: server.authorization },
      body: JSON.stringify({ query: QUERY, variables: { id: c.orgId, after: c.after } }),
    });
    // Rounds are interleaved (every case once per round) so that drift hits every case alike.
    const roundsOf = (n: number) => Array.from({ length: n }, () => cases.map((_, i) => i)).flat();
    const probe = await sequence(roundsOf(2).map((i) => request(cases[i]!)));
    const roundMs = probe.slice(cases.length).reduce((sum, s) => sum + s.ms, 0);
    const rounds = Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, Math.floor(BUDGET_MS / roundMs)));
    progress(`timing ${rounds} interleaved rounds of ${cases.length} pages (one round ≈ ${ms(roundMs)})`);
    const plan = roundsOf(rounds);
    const samples = await sequence(plan.map((i) => request(cases[i]!)));
    const timings = cases.map(() => [] as number[]);
    samples.forEach((s, k) => timings[plan[k]!]!.push(s.ms));

    const medians = timings.map((t) => median(t));
    const first = medians[0]!;
    const baseline = medians[3]!;
    const rows = cases.map((c, i) => [
      c.label,
      fmt(c.orgSize, 0),
      ms(medians[i]!),
      ms(percentile(timings[i]!, 90)),
      ms(Math.min(...timings[i]!)),
      String(queries[i]),
      ratio(medians[i]! / first),
      ratio(medians[i]! / baseline),
    ]);
    const deepRatio = medians[2]! / first;
    printTable(
      `Figure 1 — deep pagination: organization.members(first: ${PAGE}) { edges { cursor node { id user { id email } } } }`,
      ['page', 'org members', 'median', 'p90', 'min', 'SQL/request', 'vs first page', 'vs small org'],
      rows,
      [
        `deep / first = ${ratio(deepRatio)}  (target <= ${TARGET}×: ${deepRatio <= TARGET ? 'met' : 'NOT MET'})`,
        `first page on ${fmt(TOTAL, 0)} members / first page on ${SMALL_ORG} members = ${ratio(first / baseline)}  (keyset pagination: ≈1×; ${
          first / baseline <= TARGET ? 'ok' : 'NOT MET: a page costs in proportion to the rows after its cursor'
        })`,
        `${rounds} timed requests per page, interleaved, one in flight, after 2 warm-up rounds; ${machineNote()}`,
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
