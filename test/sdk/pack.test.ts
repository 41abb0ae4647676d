/**
 * Issue 14, packaging: `npm pack` the SDK, install the tarball into a project outside this
 * workspace (a temp directory with its own node_modules), import it from there and run
 * examples/quickstart.ts against a real server — it works outside this repo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthgraphAdmin } from '@authgraph/sdk';
import { startServer, type TestServer } from '../helpers/server.js';

const ROOT = process.cwd();
let server: TestServer;
let project: string;

function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

beforeAll(async () => {
  server = await startServer();
  project = mkdtempSync(join(tmpdir(), 'authgraph-sdk-consumer-'));
});
afterAll(async () => {
  await server.stop();
  rmSync(project, { recursive: true, force: true });
});

// Packaging does not depend on the database: run it once, in the PGlite project.
describe.skipIf(process.env.AUTHGRAPH_TEST_DB === 'postgres')('packaging', () => {
  it('npm pack → npm install the tarball elsewhere → import it and run the quickstart', async () => {
    // --ignore-scripts: pack the dist `npm install` built, without rebuilding it under the other test files' feet (prepack does rebuild on a real publish)
    const packed = await run('npm', ['pack', '-w', '@authgraph/sdk', '--pack-destination', project, '--json', '--ignore-scripts'], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.some((f) => f.startsWith('src/'))).toBe(false);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    const installed = await run('npm', ['install', `./${tarball}`, '--no-audit', '--no-fund', '--prefer-offline'], project);
    expect(installed.code, installed.stderr).toBe(0);

    // the import resolves inside the consumer project, not to this workspace
    const resolved = await run(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('@authgraph/sdk'))"],
      project,
    );
    expect(resolved.stdout.trim()).toBe(`file://${join(project, 'node_modules', '@authgraph', 'sdk', 'dist', 'index.js')}`);

    copyFileSync(join(ROOT, 'examples', 'quickstart.ts'), join(project, 'quickstart.ts'));
    const key = await new AuthgraphAdmin({ apiKey: { id: server.keyId, secret: server.keySecret }, baseUrl: server.url }).apiKeys.create({
      name: 'consumer',
    });
    const quickstart = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['quickstart.ts'], project, {
      AUTHGRAPH_URL: server.url,
      AUTHGRAPH_API_KEY: key.token,
    });
    expect(quickstart.code, quickstart.stderr).toBe(0);
    expect(quickstart.stdout).toMatch(/6\. events: .*api-key\.verified/);
    expect(quickstart.stdout).toContain('quickstart: done');

    // and its type declarations stand on their own
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
          lib: ['ES2023', 'DOM'],
        },
        files: ['typed.ts'],
      }),
    );
    writeFileSync(
      join(project, 'typed.ts'),
      "import { AuthgraphAdmin, type Organization } from '@authgraph/sdk';\nconst admin = new AuthgraphAdmin({ apiKey: 'agk_x' });\nexport const org: Promise<Organization> = admin.issuer('i').organizations.create({ name: 'x' });\n",
    );
    const typed = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    expect(typed.code, typed.stdout).toBe(0);
  });
});
