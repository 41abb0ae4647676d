/** Process entry: configuration → app → listen; SIGINT/SIGTERM stop it cleanly. @module */
import { loadConfig } from './config/env.js';
import { buildApp } from './app.js';
import { createLogger } from './lib/logger.js';
import { formatToken } from './lib/key-format.js';
import { createStartupPhases } from './lib/startup-phases.js';

async function main() {
  const phases = createStartupPhases();
  phases.mark('modules');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await buildApp({ config, logger, phases });
  if (app.bootstrap?.secret) {
    // Printed once, on the first start with an empty database; only its hash is stored.
    const token = formatToken('agk', app.bootstrap.keyId, app.bootstrap.secret);
    process.stdout.write(
      `${[
        '',
        'Authgraph created your account and its first admin API key. It is shown only now (only a hash is stored):',
        '',
        `  AUTHGRAPH_API_KEY=${token}`,
        '',
        'The same key as id and secret (HTTP Basic key_id:secret):',
        '',
        `  AUTHGRAPH_KEY_ID=${app.bootstrap.keyId}`,
        `  AUTHGRAPH_KEY_SECRET=${app.bootstrap.secret}`,
        '',
        'A header ready to paste (GraphiQL headers pane, curl -H, any HTTP client):',
        '',
        `  Authorization: Bearer ${token}`,
        '',
        `  curl ${config.publicUrl}/v1/me -H 'Authorization: Bearer ${token}'`,
        '',
        'Lost it? `npm run admin -- create-key` mints a new admin key from the database directly.',
        '',
      ].join('\n')}\n`,
    );
  } else if (app.bootstrap) {
    logger.info({ keyId: app.bootstrap.keyId }, 'account created with the admin key from AUTHGRAPH_ADMIN_KEY');
  }
  const url = await app.start();
  phases.mark('listen');
  logger.info({ url, database: config.database.kind, startup: phases.summary() }, 'authgraph listening');
  // issue 15: while the account has no operator, a one-time link that creates the first one
  const setupLink = await app.services.operators.setupLink(app.publicUrl());
  if (setupLink) {
    process.stdout.write(
      `${[
        '',
        'Open the operator console and create its first operator (address + password) with this one-time link (valid 24 hours):',
        '',
        `  ${setupLink}`,
        '',
      ].join('\n')}\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
