/**
 * Offline administration, for when no API key is at hand: `npm run admin -- <command>`.
 *
 *   create-key [--name <name>] [--json]   mints a new account admin key straight in the database
 *                                          (a lost first key no longer means wiping ./data)
 *
 * It opens the database the server uses (DATA_DIR, or DATABASE_URL with AUTHGRAPH_MASTER_KEY) the
 * same way the server does, so with the embedded database stop the server first (PGlite allows
 * one process per data directory). The key is printed once; only its SHA-256 is stored, and an
 * `api-key.created` event (actor `system`, `data.via: "recovery"`) records that it was minted.
 * Exit codes: 0 done, 1 failed, 2 bad usage.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env.js';
import { resolveMasterKey } from '../src/config/master-key.js';
import { openDatabase } from '../src/data/database.js';
import { createApiKeyService } from '../src/domain/api-keys.js';
import { createEventRecorder } from '../src/domain/events.js';
import { createSealer } from '../src/lib/sealed.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';

const USAGE = 'usage: npm run admin -- create-key [--name <name>] [--json]';

async function createKey(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, json: { type: 'boolean' } } });
  const config = loadConfig();
  if (config.database.kind === 'pglite' && config.database.dataDir && !existsSync(join(config.database.dataDir, 'PG_VERSION'))) {
    process.stderr.write(`No database in ${config.database.dataDir} (DATA_DIR): start the server once to create it.\n`);
    return 1;
  }
  const logger = createLogger('warn');
  const db = await openDatabase(config.database, logger);
  try {
    const apiKeys = createApiKeyService({
      prisma: db.prisma,
      clock: systemClock,
      config,
      recordEvent: createEventRecorder({ clock: systemClock }),
      sealer: createSealer(resolveMasterKey(config)),
    });
    const key = await apiKeys.mintRecoveryKey(values.name);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ id: key.keyId, secret: key.secret, token: key.token, accountId: key.accountId })}\n`);
    } else {
      process.stdout.write(
        [
          `A new admin API key for account ${key.accountId}. It is shown only now (only a hash is stored):`,
          '',
          `  AUTHGRAPH_API_KEY=${key.token}`,
          `  AUTHGRAPH_KEY_ID=${key.keyId}`,
          `  AUTHGRAPH_KEY_SECRET=${key.secret}`,
          '',
          `  Authorization: Bearer ${key.token}`,
          '',
          'Revoke the lost key once you are back in: revokeApiKey(input: { id: "key_…" }).',
          '',
        ].join('\n'),
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create-key':
      return createKey(rest);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
