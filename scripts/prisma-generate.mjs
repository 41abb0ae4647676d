// Runs `prisma generate` offline. Prisma's CLI tries to download its native schema engine before
// generating, which fails without network; generation itself uses the bundled WASM engine, so
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable lets it proceed. Where the variable is
// already set (a machine with the native engine), it is left alone.
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
env.PATH = `${new URL('../node_modules/.bin', import.meta.url).pathname}:${env.PATH ?? ''}`;
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
env.CHECKPOINT_DISABLE = '1';

const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
