/** Process entry: configuration → app → listen; SIGINT/SIGTERM stop it cleanly. @module */
import { loadConfig } from './config/env.js';
import { buildApp } from './app.js';
import { createLogger } from './lib/logger.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await buildApp({ config, logger });
  if (app.bootstrap?.secret) {
    // Printed once, on the first start with an empty database; only its hash is stored.
    process.stdout.write(
      [
        '',
        'Authgraph created your account and its first admin API key. The secret is shown only now:',
        '',
        `  AUTHGRAPH_KEY_ID=${app.bootstrap.keyId}`,
        `  AUTHGRAPH_KEY_SECRET=${app.bootstrap.secret}`,
        '',
        `  curl -u "$AUTHGRAPH_KEY_ID:$AUTHGRAPH_KEY_SECRET" ${config.publicUrl}/graphql -H 'content-type: application/json' -d '{"query":"{ viewer { id type } }"}'`,
        '',
      ].join('\n') + '\n',
    );
  } else if (app.bootstrap) {
    logger.info({ keyId: app.bootstrap.keyId }, 'account created with the admin key from AUTHGRAPH_ADMIN_KEY');
  }
  const url = await app.start();
  logger.info({ url, database: config.database.kind }, 'authgraph listening');

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
