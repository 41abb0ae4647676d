/**
 * Issue 14: the `authgraph` CLI, driven as a user runs it: the built binary
 * (packages/cli/bin/authgraph.js → dist/cli.js, built by `npm install`) in a child process against a real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from '../helpers/server.js';
import { AuthgraphAdmin } from '@authgraph/sdk';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/authgraph.js', import.meta.url));

let server: TestServer;
let configDir: string;
let token: string;

function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: configDir, AUTHGRAPH_CONFIG_DIR: join(configDir, 'authgraph'), ...extraEnv } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
const json = <T>(out: { stdout: string }) => JSON.parse(out.stdout) as T;

beforeAll(async () => {
  server = await startServer();
  configDir = mkdtempSync(join(tmpdir(), 'authgraph-cli-'));
  token = (
    await new AuthgraphAdmin({ apiKey: { id: server.keyId, secret: server.keySecret }, baseUrl: server.url }).apiKeys.create({
      name: 'cli',
    })
  ).token;
});
afterAll(async () => {
  await server.stop();
  rmSync(configDir, { recursive: true, force: true });
});

describe('authgraph CLI', () => {
  it('login verifies the key and stores it with file mode 0600', async () => {
    const out = await cli(['login', '--api-key', token, '--base-url', server.url, '--json']);
    expect(out.code).toBe(0);
    const file = json<{ file: string }>(out).file;
    expect(file).toBe(join(configDir, 'authgraph', 'config.json'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(configDir, 'authgraph')).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ baseUrl: server.url, apiKey: token });
  });

  it('login with a wrong key exits 3 (AuthenticationError) and stores nothing new', async () => {
    const out = await cli(['login', '--api-key', 'agk_wrong', '--base-url', server.url]);
    expect(out.code).toBe(3);
    expect(out.stderr).toMatch(/Authentication required/);
  });

  it('issuers create acme-prod, orgs create/list --issuer, keys create --org --scopes, events list --types', async () => {
    const issuer = json<{ id: string; name: string }>(await cli(['issuers', 'create', 'acme-prod', '--json']));
    expect(issuer).toMatchObject({ id: expect.stringMatching(/^i_/), name: 'acme-prod' });
    const human = await cli(['issuers', 'create', 'acme-staging']);
    expect(human.stdout).toMatch(/^i_\S+\s+acme-staging\ndiscovery: http/);

    const org = json<{ id: string }>(await cli(['orgs', 'create', 'Globex Corp', '--issuer', issuer.id, '--json']));
    const list = json<{ id: string }[]>(await cli(['orgs', 'list', '--issuer', issuer.id, '--json']));
    expect(list.map((o) => o.id)).toEqual([org.id]);

    const key = json<{ id: string; token: string; scopes: string[] }>(
      await cli(['keys', 'create', '--org', org.id, '--scopes', 'invoices:read', '--json']),
    );
    expect(key).toMatchObject({ scopes: ['invoices:read'], token: expect.stringMatching(/^agk_/) });
    const keys = json<{ id: string; status: string }[]>(await cli(['keys', 'list', '--org', org.id, '--json']));
    expect(keys).toEqual([expect.objectContaining({ id: key.id, status: 'ACTIVE' })]);

    const events = json<{ type: string }[]>(await cli(['events', 'list', '--types', 'organization.*', '--limit', '5', '--json']));
    expect(events[0]).toMatchObject({ type: 'organization.created' });
    expect(events.every((e) => e.type.startsWith('organization.'))).toBe(true);
  });

  it('exit codes by error class: 5 not found, 6 validation, 2 usage', async () => {
    const missing = await cli(['issuers', 'get', 'i_01hzzzzzzzzzzzzzzzzzzzzzzz', '--json']);
    expect(missing.code).toBe(5);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { name: 'NotFoundError', code: 'NOT_FOUND' } });
    const issuer = json<{ id: string }>(await cli(['issuers', 'create', 'codes', '--json']));
    const invalid = await cli(['orgs', 'create', '', '--issuer', issuer.id]);
    expect(invalid.code).toBe(6);
    expect(invalid.stderr).toMatch(/name/);
    expect((await cli(['orgs', 'list'])).code).toBe(2);
    expect((await cli(['no-such-command'])).code).toBe(2);
  });

  it('events tail streams live events as NDJSON', async () => {
    const issuer = json<{ id: string }>(await cli(['issuers', 'create', 'tail', '--json']));
    const child = spawn(process.execPath, [BIN, 'events', 'tail', '--types', 'organization.*', '--json'], {
      env: { PATH: process.env.PATH ?? '', AUTHGRAPH_CONFIG_DIR: join(configDir, 'authgraph') },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const org = json<{ id: string }>(await cli(['orgs', 'create', 'Tailed', '--issuer', issuer.id, '--json']));
      await server.app.relay.drain();
      for (let i = 0; i < 100 && !stdout.includes(org.id); i++) await new Promise((r) => setTimeout(r, 50));
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; subject: string });
      expect(lines).toContainEqual(expect.objectContaining({ type: 'organization.created', subject: org.id }));
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('logout removes the stored key; later commands exit 3', async () => {
    expect((await cli(['logout'])).code).toBe(0);
    expect((await cli(['whoami'])).code).toBe(3);
  });
});
