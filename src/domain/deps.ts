/** What every domain service is built from (assembled once in the composition root). @module */
import type { PrismaClient } from '../data/database.js';
import type { SqlRunner } from '../data/sql.js';
import type { Clock } from '../lib/clock.js';
import type { Config } from '../config/env.js';
import type { RecordEvent } from './events.js';
import type { Sealer } from '../lib/sealed.js';

export interface ServiceDeps {
  prisma: PrismaClient;
  /**
   * The typed query layer of the hot paths (prepared statements straight to the driver,
   * src/data/sql.ts); without it (dependencies assembled by hand) they go through Prisma's raw queries.
   */
  sql?: SqlRunner;
  clock: Clock;
  config: Config;
  recordEvent: RecordEvent;
  /** encryption at rest under the master key */
  sealer: Sealer;
}

/** Prisma's unique-constraint violation, for turning races into ConflictError. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
