/**
 * Launch helpers for the benches that start the server as `npm start` does (`node dist/bundle/main.js`):
 * build what is stale, and the bare graphql-yoga baseline compiled to plain JavaScript so both
 * start with the same launcher.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './load.js';

/** `node scripts/build.mjs --if-stale`: dist/ and the PGlite template, only when older than src/. */
export function buildAhead(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** Compiles bench/lib/hello-yoga.ts to tmp/bench/hello-yoga.js; returns that path (relative to the repo). */
export function compileBaseline(): string {
  const source = readFileSync(join(REPO_ROOT, 'bench/lib/hello-yoga.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
  });
  const dir = join(REPO_ROOT, 'tmp/bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hello-yoga.js'), outputText);
  return 'tmp/bench/hello-yoga.js';
}

/** User + system CPU time of a live process in ms (Linux /proc; NaN elsewhere). */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // after "pid (comm) ": state is field 3, utime 14 and stime 15 (clock ticks, 100 per second)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
