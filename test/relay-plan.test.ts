/**
 * The relay's "are relayed events waiting past my cursor?" probe (relayedAfter,
 * src/events/outbox.ts) stays one index probe as the event table grows, on both backends. Written
 * as `EXISTS (…)`, PostgreSQL planned a sequential scan for it (it guesses a third of the table
 * lies past any row comparison, so a scan should meet a match at once), and the matches being the
 * newest rows, every relay pass read the whole table: 1.1 ms a call with a few thousand events.
 */
import { Prisma } from '../src/generated/prisma/client.js';
import { relayedAfter, relayedAfterSql, START, type Position } from '../src/events/outbox.js';
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';

describe('relayedAfter', () => {
  let server: TestServer;
  test.beforeAll(async ({ server: started }) => {
    server = started;
  });

  it('probes the (metered, txid, seq) index, not the table, with 20 000 events, and answers both ways', async () => {
    const prisma = server.app.db.prisma;
    // 20 000 events in one transaction (one txid): half metered, as per-request traffic makes them
    await prisma.$executeRaw`
      INSERT INTO "Event" (id, "accountId", type, source, "actorType", metered)
      SELECT 'evt_plan' || lpad(n::text, 22, '0'), 'acct_plan', 'organization.created', '/accounts/acct_plan', 'api_key', n % 2 = 0
      FROM generate_series(1, 20000) AS n`;
    await prisma.$executeRawUnsafe('ANALYZE "Event"');
    const [last] = await prisma.$queryRaw<{ txid: string; seq: bigint }[]>`
      SELECT txid::text AS txid, seq FROM "Event" WHERE metered = false ORDER BY txid DESC, seq DESC LIMIT 1`;
    const end: Position = { txid: BigInt(last!.txid), seq: BigInt(last!.seq) };

    for (const from of [START, end]) {
      const plan = (await prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${relayedAfterSql(from)}`))
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using "Event_metered_txid_seq_idx"/);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    expect(await relayedAfter(prisma, START)).toBe(true);
    // past the newest relayed event only metered ones (never relayed) or none follow
    expect(await relayedAfter(prisma, end)).toBe(false);
  });
});
