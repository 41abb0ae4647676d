/**
 * Issue 14: the three examples run against a real server, through the built @authgraph/sdk
 * (the workspace package, imported as a user would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthgraphAdmin } from '@authgraph/sdk';
import { startServer, type TestServer } from '../helpers/server.js';
import { quickstart } from '../../examples/quickstart.js';
import { agentCycle } from '../../examples/agent.js';

let server: TestServer;
let admin: AuthgraphAdmin;

beforeAll(async () => {
  server = await startServer();
  admin = new AuthgraphAdmin({ apiKey: { id: server.keyId, secret: server.keySecret }, baseUrl: server.url });
});
afterAll(() => server.stop());

describe('examples', () => {
  it('examples/quickstart.ts runs seed 003 six steps and sees every step as an event', async () => {
    const lines: string[] = [];
    const out = await quickstart(admin, (l) => lines.push(l));
    expect(out.issuer.id).toMatch(/^i_/);
    expect(out.client.secret).toBeTruthy();
    expect(out.who).toMatchObject({ type: 'api_key', id: out.key.id, organizations: [{ org_id: out.org.id, scopes: ['invoices:read'] }] });
    expect(out.key.token).toMatch(/^agk_/);
    expect(out.eventTypes).toEqual(
      expect.arrayContaining([
        'issuer.created',
        'client.created',
        'organization.created',
        'user.created',
        'organization.membership.created',
        'api-key.created',
        'api-key.verified',
      ]),
    );
    expect(lines).toHaveLength(7);
  });

  it('examples/agent.ts: an agent gets a client_credentials token and the API checks it with verifyAccessToken', async () => {
    const out = await agentCycle(admin, () => {});
    expect(out.me.status).toBe(200);
    expect(out.me.body).toMatchObject({ subject: out.agent.id, type: 'agent', orgId: out.org.id, scopes: ['invoices:read'] });
    expect(out.read.status).toBe(200);
    expect(out.write.status).toBe(403);
    expect(out.anonymous).toBe(401);
  });
});
