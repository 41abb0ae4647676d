/**
 * Builds what `npm start` runs: compiles src/ to dist/ (tsc -p tsconfig.build.json, no type check:
 * `npm run typecheck` is the gate), bundles dist/main.js into dist/bundle/main.js, and makes the migrated PGlite template data directory
 * (dist/pglite-template) that a fresh DATA_DIR starts from. Runs at `npm install` (postinstall).
 *
 *   node scripts/build.mjs              always rebuilds both
 *   node scripts/build.mjs --if-stale   (prestart) rebuilds only what is older than its sources:
 *                                       dist/ when a file under src/ changed, the template when a
 *                                       migration changed. Costs a few milliseconds when nothing did.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const compiledStamp = join(dist, '.compiled');
const templateStamp = join(dist, 'pglite-template.json');
const ifStale = process.argv.includes('--if-stale');

/** Newest modification time (ms) of the files under `dir`. */
function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * dist/main.js and what it imports, in one file (esbuild): Node 20 resolves and loads each ES
 * module file by itself, which was half the CPU of a start. Packages stay outside when they load
 * files next to themselves (PGlite's WASM, Prisma's runtime, argon2's addon, pino's workers), are
 * loaded only on use (ioredis, pg, GraphiQL, zxcvbn), or must stay one instance (graphql).
 * The bundle lives two levels deep, like the modules it holds, so their `import.meta.url`-relative
 * paths (migrations, template, console assets) resolve to the same places.
 */
async function bundle() {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(dist, 'main.js')],
    outfile: join(dist, 'bundle/main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    external: [
      'graphql',
      '@electric-sql/pglite',
      'pglite-prisma-adapter',
      '@prisma/*',
      'argon2',
      'ioredis',
      'pg',
      'pino',
      '@graphql-yoga/render-graphiql',
      '@zxcvbn-ts/*',
    ],
    // CommonJS inside an ES bundle needs a real `require` for Node's built-ins
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  });
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const compileStale = !ifStale || mtime(compiledStamp) < Math.max(newest(join(root, 'src')), mtime(join(root, 'tsconfig.build.json')));
if (compileStale) {
  const started = performance.now();
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  await bundle();
  writeFileSync(compiledStamp, `${new Date().toISOString()}\n`);
  console.error(`[build] compiled src/ to dist/ (and dist/bundle/main.js) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// The template depends on the migrations only (and on PGlite, which changes only with an install).
if (!ifStale || mtime(templateStamp) < newest(join(root, 'prisma/migrations'))) {
  const started = performance.now();
  const { createPgliteTemplate } = await import(join(dist, 'data/database.js'));
  await createPgliteTemplate();
  console.error(
    `[build] made the migrated PGlite template (dist/pglite-template) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
