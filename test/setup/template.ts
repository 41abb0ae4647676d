/**
 * vitest setupFiles (in each worker, before each test file): hands the run's migrated database
 * template (made by ./global.ts) to the code that opens test databases.
 */
import { inject } from 'vitest';

const pglite = inject('pgliteTemplate');
if (pglite) process.env.AUTHGRAPH_PGLITE_TEMPLATE = pglite;
const postgres = inject('postgresTemplate');
if (postgres) process.env.AUTHGRAPH_TEST_PG_TEMPLATE = postgres;
