/**
 * Builds what `npm start` runs: compiles src/ to dist/ (tsc -p tsconfig.build.json, no type check:
 * `npm run typecheck` is the gate) and makes the migrated PGlite template data directory
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

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const compileStale = !ifStale || mtime(compiledStamp) < Math.max(newest(join(root, 'src')), mtime(join(root, 'tsconfig.build.json')));
if (compileStale) {
  const started = performance.now();
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  writeFileSync(compiledStamp, `${new Date().toISOString()}\n`);
  console.error(`[build] compiled src/ to dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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
