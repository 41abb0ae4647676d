/**
 * The layers the build enforces (README, Layout): Biome's `noRestrictedImports` per folder and
 * `noImportCycles` (type-only imports included) in biome.json, run by `.ci/run`. These tests prove
 * the configuration catches what it is there for — an upward import in each layer, and a cycle —
 * and that today's tree has neither.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const biome = join(root, 'node_modules', '.bin', 'biome');

interface Lint {
  ok: boolean;
  output: string;
}

async function lintPaths(paths: string[]): Promise<Lint> {
  try {
    const { stdout, stderr } = await run(biome, ['lint', '--colors=off', '--max-diagnostics=50', ...paths], { cwd: root });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('layers: graphql/http/oauth → events/webhooks → domain → data → config → lib', () => {
  const upward: [string, string][] = [
    ['domain', '../webhooks/service.js'],
    ['domain/authorization', '../../webhooks/service.js'],
    ['domain', '../http/node-io.js'],
    ['domain', '../graphql/schema.js'],
    ['domain', '../oauth/errors.js'],
    ['domain', '../events/bus.js'],
    ['domain', '../services.js'],
    ['data', '../domain/viewer.js'],
    ['config', '../data/database.js'],
    ['lib', '../domain/errors.js'],
    ['lib', '../config/env.js'],
    ['events', '../graphql/schema.js'],
    ['webhooks', '../oauth/errors.js'],
    ['oauth', '../app.js'],
    ['graphql', '../main.js'],
  ];
  const downward: [string, string][] = [
    ['domain', '../data/database.js'],
    ['domain', '../lib/ids.js'],
    ['domain', './events.js'],
    ['events', '../domain/viewer.js'],
    ['graphql', '../services.js'],
    ['oauth', '../http/cors.js'],
  ];
  // Probe files sit in the layer's folder (the folder decides the rule); the specifier is what the
  // rule reads, so it need not resolve.
  const probe = `__layer_probe_${process.pid}__`;
  const cases = [
    ...upward.map(([layer, spec]) => ({ layer, spec, allowed: false })),
    ...downward.map(([layer, spec]) => ({ layer, spec, allowed: true })),
  ].map((c, i) => ({ ...c, file: `src/${c.layer}/${probe}/c${i}.ts` }));
  let output = '';
  beforeAll(async () => {
    for (const c of cases) {
      mkdirSync(join(root, dirname(c.file)), { recursive: true });
      writeFileSync(
        join(root, c.file),
        `import { x } from '${c.spec.replace(/^\.\.\//, '../../').replace(/^\.\//, '../')}';\nexport const y = x;\n`,
      );
    }
    output = (await lintPaths([...new Set(cases.map((c) => dirname(c.file)))])).output;
  }, 120_000);
  afterAll(() => {
    for (const dir of new Set(cases.map((c) => dirname(c.file)))) rmSync(join(root, dir), { recursive: true, force: true });
  });

  const restricted = (file: string) => new RegExp(`${file.replaceAll('.', '\\.')}:\\d+:\\d+ lint/style/noRestrictedImports`).test(output);
  it.each(upward)('src/%s may not import %s', (layer, spec) => {
    const c = cases.find((x) => x.layer === layer && x.spec === spec && !x.allowed)!;
    expect(restricted(c.file)).toBe(true);
  });
  it.each(downward)('src/%s may import %s', (layer, spec) => {
    const c = cases.find((x) => x.layer === layer && x.spec === spec && x.allowed)!;
    expect(output).toContain('Checked');
    expect(restricted(c.file)).toBe(false);
  });
});

describe('import cycles', () => {
  const dir = mkdtempSync(join(root, 'test', '.cycle-probe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a cycle through type-only imports fails the lint', async () => {
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b: B }\n");
    writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.js';\nexport interface B { a: A }\n");
    const lint = await lintPaths([relative(root, dir)]);
    expect(lint.ok).toBe(false);
    expect(lint.output).toContain('noImportCycles');
  });

  it('the source tree has no cycle and no upward import', async () => {
    const lint = await lintPaths(['src']);
    expect(lint.output).not.toContain('noImportCycles');
    expect(lint.output).not.toContain('noRestrictedImports');
  });
});
