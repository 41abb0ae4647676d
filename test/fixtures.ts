/**
 * The suite's shared fixtures (vitest `test.extend`): a test names what it needs and gets it made
 * through the real API with the typed documents of ./helpers/fixtures.ts (codegen.ts → test/gql).
 *
 * ```ts
 * import { describe, expect, test } from './fixtures.js';
 * test('a member reads the organization', async ({ organization, membership, orgKey }) => { … });
 * ```
 *
 * File-scoped (one per test file, stopped after it): `server` (the real app on a free port, in
 * the project's database; `serverEnv` / `serverClock` configure it: a file that needs
 * them makes its own `const test = base.extend({ serverClock: [clock, { scope: 'file' }] })`, never a
 * top-level `test.override(…)`, which would outlive the file in a worker that runs files unisolated), `admin` (a GraphQL client with the account key).
 * Test-scoped (new for every test that names them): `issuer`, `organization` (in `issuer`),
 * `user` (in `issuer`), `membership` (`user` in `organization` with `memberScopes`), `orgKey`
 * (an API key of `organization` holding `orgKeyScopes`, with a client that presents it).
 * @module
 */
import { expect, test as base } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { createClient, type GraphQLClient } from './helpers/graphql.js';
import { createApiKey, createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';
import type { Clock } from '../src/lib/clock.js';

export { describe, expect } from 'vitest';

/** An API key as made by a fixture: its id, secret and bearer token, and a client presenting it. */
export interface KeyFixture {
  id: string;
  secret: string;
  token: string;
  scopes: string[];
  /** GraphQL client authenticated with this key (HTTP Basic id:secret) */
  gql: GraphQLClient;
}

export const test = base
  .extend('serverEnv', { scope: 'file' }, {} as Record<string, string>)
  .extend('serverClock', { scope: 'file' }, null as Clock | null)
  .extend('server', { scope: 'file' }, async ({ serverEnv, serverClock }, { onCleanup }): Promise<TestServer> => {
    const server = await startServer(serverEnv, serverClock ? { clock: serverClock } : {});
    onCleanup(() => server.stop());
    return server;
  })
  .extend('admin', { scope: 'file' }, async ({ server }): Promise<GraphQLClient> => server.gql)
  .extend('issuer', async ({ admin }) => createIssuer(admin))
  .extend('organization', async ({ admin, issuer }) => createOrganization(admin, issuer.id))
  .extend('user', async ({ admin, issuer }) => createUser(admin, issuer.id))
  .extend('memberScopes', ['invoices:read'] as string[])
  .extend('membership', async ({ admin, organization, user, memberScopes }) =>
    createMembership(admin, organization.id, user.id, memberScopes),
  )
  .extend('orgKeyScopes', [
    'org:read',
    'members:read',
    'members:write',
    'invitations:read',
    'invitations:write',
    'api-keys:read',
    'api-keys:write',
    'invoices:read',
  ] as string[])
  .extend('orgKey', async ({ server, admin, organization, orgKeyScopes }): Promise<KeyFixture> => {
    const key = await createApiKey(admin, { organizationId: organization.id, scopes: orgKeyScopes });
    return { ...key, gql: createClient(server.url, { username: key.id, password: key.secret }) };
  });

export const it = test;

// The file's server starts before its first test, with room for a loaded machine: a cold start
// is not a test's time, and a test that timed out on it would leave its requests running into
// the next one. (Registered in the root suite of every file that imports this module.)
test.beforeAll(async ({ server }) => {
  expect(server.url).toMatch(/^http:/);
}, 180_000);
