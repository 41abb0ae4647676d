/**
 * Black-box review of the authorization kernel (2026-11-30): each attack that found a hole, as a
 * named test that failed before its fix. The attacks that held are listed in the session's report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { consoleConfig, firstOwner, gqlAs, operatorSignIn, type ConsoleConfig } from './helpers/operators.js';
import { TEST_PASSWORD } from './helpers/browser.js';
import { newId } from '../src/lib/ids.js';

let server: TestServer;
let config: ConsoleConfig;

async function spend(link: string, email: string) {
  const token = new URL(link).hash.replace('#token=', '');
  const res = await fetch(`${server.url}/console/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email, password: TEST_PASSWORD }),
  });
  return { status: res.status, body: (await res.json()) as { userId?: string; errors?: { path: string }[] } };
}

beforeAll(async () => {
  server = await startServer();
  config = await consoleConfig(server);
});
afterAll(() => server?.stop());

describe('kernel review', () => {
  it('an earlier setup link, or one raced against another, never makes a second owner', async () => {
    // each start prints a fresh link while the account has no operator: three starts, three links
    const links = [];
    for (let i = 0; i < 3; i++) links.push((await server.app.services.operators.setupLink(server.url))!);
    // two spent at once: one owner
    const raced = await Promise.all([spend(links[1]!, 'first@example.com'), spend(links[2]!, 'second@example.com')]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 400]);
    // the link of an earlier start, unused, is dead once the account has an operator
    const stale = await spend(links[0]!, 'late@example.com');
    expect(stale.status).toBe(400);
    expect(stale.body.errors![0]!.path).toBe('token');
    const issuerId = new URL(config.issuer).pathname.slice(1);
    expect(await server.app.db.prisma.membership.count({ where: { organization: { issuerId } } })).toBe(1);
  });

  it("the system issuer's resources and consent grants are in no credential's graph", async () => {
    const prisma = server.app.db.prisma;
    const issuerId = new URL(config.issuer).pathname.slice(1);
    const operator = await prisma.user.findFirstOrThrow({ where: { issuerId } });
    // rows any future path might make on the system issuer (a consent to the console, an API)
    const resource = await prisma.resource.create({
      data: { id: newId('resource'), issuerId, name: 'ops api', identifier: 'https://ops.example.com/api' },
    });
    const grant = await prisma.grant.create({
      data: { id: newId('grant'), issuerId, userId: operator.id, clientId: config.clientId, scopes: ['openid'] },
    });
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const byKey = await server.gql.request<{ nodes: unknown[] }, unknown>(query, { ids: [resource.id, grant.id] });
    expect(byKey.nodes).toEqual([null, null]);
    const email = operator.username;
    const owner = await operatorSignIn(server, config, email);
    const byOwner = await gqlAs(server, owner.access_token, query, { ids: [resource.id, grant.id] });
    expect(byOwner.body.data!.nodes).toEqual([null, null]);
    const revoke = await gqlAs(server, owner.access_token, 'mutation($id: ID!) { revokeGrant(input: { id: $id }) { __typename } }', {
      id: grant.id,
    });
    expect(revoke.body.data?.revokeGrant?.__typename ?? revoke.body.errors?.[0]?.extensions?.code).toMatch(/NotFound|NOT_FOUND/);
    expect(await prisma.grant.count({ where: { id: grant.id } })).toBe(1);
  });
});
