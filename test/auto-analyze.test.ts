/**
 * The embedded database's stand-in for autovacuum's ANALYZE (src/data/database.ts,
 * analyzeChanged): a table that changed past PostgreSQL's own threshold (50 rows + 10 % of its
 * live rows) since its last ANALYZE is analyzed, so the planner stops treating a grown table as
 * the template's empty one; a table that did not is left alone.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_SCALE_FACTOR, ANALYZE_THRESHOLD, analyzeChanged } from '../src/data/database.js';
import { createLogger } from '../src/lib/logger.js';

const logger = createLogger('silent');
let lite: PGlite;

beforeAll(async () => {
  lite = new PGlite();
  await lite.exec(`
    CREATE TABLE grown (id int PRIMARY KEY, v text); INSERT INTO grown VALUES (1, 'a'), (2, 'b');
    CREATE TABLE quiet (id int PRIMARY KEY); INSERT INTO quiet VALUES (1), (2);
    ANALYZE;
    SET plan_cache_mode = force_generic_plan;
    PREPARE lookup(int) AS SELECT v FROM grown WHERE id = $1;`);
});
afterAll(() => lite.close());

const plan = async () =>
  (await lite.query<{ 'QUERY PLAN': string }>('EXPLAIN EXECUTE lookup(42)')).rows.map((r) => r['QUERY PLAN']).join('\n');
/** PostgreSQL publishes a backend's table counters at most once a second: now, for the test. */
const publishCounters = async () => {
  await lite.query('SELECT pg_stat_force_next_flush()');
  await lite.query('SELECT 1');
};
const analyzed = async (table: string) =>
  (await lite.query<{ n: number }>('SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = $1', [table])).rows[0]!.n;

describe('analyzeChanged', () => {
  it('analyzes a table that grew past the threshold, and a prepared lookup planned while it was tiny turns from a sequential scan to the index', async () => {
    // a prepared statement's plan, made from the two-row table's statistics, is kept as the table grows
    expect(await plan()).toMatch(/Seq Scan/);
    await lite.exec("INSERT INTO grown SELECT g, 'x' FROM generate_series(3, 5000) g");
    expect(await plan()).toMatch(/Seq Scan/);
    await publishCounters();
    const before = await analyzed('quiet');
    expect(await analyzeChanged(lite, logger)).toEqual(['grown']);
    expect(await plan()).toMatch(/Index Scan using grown_pkey/);
    expect(await analyzed('quiet')).toBe(before);
  });

  it('leaves a table alone until more than 50 rows + 10 % of it changed', async () => {
    const live = 5000;
    const below = Math.floor(ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * live) - 10;
    await lite.exec(`UPDATE grown SET v = 'y' WHERE id <= ${below}`);
    await publishCounters();
    expect(await analyzeChanged(lite, logger)).toEqual([]);
    await lite.exec("UPDATE grown SET v = 'z' WHERE id <= 20");
    await publishCounters();
    expect(await analyzeChanged(lite, logger)).toEqual(['grown']);
  });
});
