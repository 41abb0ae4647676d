/**
 * Operator lineage (src/domain/authorization/operators.ts, "Operator lineage"): what an operator
 * makes through the console is recorded as made by the operator, not by the console sign-in; it
 * survives the sign-out, holds no more than the operator's role and ends with the operator.
 *
 * Removal is the real `removeOperator` (domain/operator-admin.ts, which calls the kernel's
 * `revokeOperatorLineage` in its transaction). Suspension and role changes are made here as that
 * service makes them — the membership row and its `organization.membership.updated` event in one
 * transaction — so that the last owner can be demoted too; the outbox relay then carries the
 * event to every node's cache invalidation (the path a second node hears).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import {
  consoleConfig,
  firstOwner,
  gqlAs,
  inviteOperator,
  operatorSignIn,
  operatorSignOut,
  type ConsoleConfig,
  type OperatorSignIn,
} from './helpers/operators.js';
import { acceptBySignUp, TEST_PASSWORD } from './helpers/browser.js';
import { createEventRecorder } from '../src/domain/events.js';
import { eventData } from '../src/domain/event-payloads.js';
import { systemClock } from '../src/lib/clock.js';
import { ForbiddenError } from '../src/domain/errors.js';
import type { Viewer } from '../src/domain/viewer.js';

let server: TestServer;
let config: ConsoleConfig;
let owner: OperatorSignIn;
const recordEvent = createEventRecorder({ clock: systemClock });

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  __typename ... on CreateApiKeyPayload { token apiKey { id expiresAt } } ... on Error { message } } }`;

/** An account key (or an organization key) made with an operator's console token. */
async function keyBy(op: OperatorSignIn, input: Record<string, unknown> = {}) {
  const made = await gqlAs(server, op.access_token, CREATE_KEY, { input: { name: `k-${Math.random()}`, ...input } });
  expect(made.body.data?.createApiKey.__typename, JSON.stringify(made.body)).toBe('CreateApiKeyPayload');
  return made.body.data!.createApiKey as { token: string; apiKey: { id: string; expiresAt: string | null } };
}

/** The HTTP status of a read with `token`. */
async function statusWith(token: string): Promise<number> {
  return (await gqlAs(server, token, '{ issuers { totalCount } }')).status;
}

/** Waits (bounded by the test's timeout) until a read with `token` answers `status`. */
async function eventually(token: string, status: number): Promise<void> {
  for (;;) {
    const now = await statusWith(token);
    if (now === status) return;
    expect([200, 401], `status while waiting for ${status}`).toContain(now);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function operatorUser(email: string): Promise<string> {
  const issuerId = new URL(config.issuer).pathname.slice(1);
  return (await server.app.db.prisma.user.findFirstOrThrow({ where: { issuerId, username: email }, select: { id: true } })).id;
}

/** Changes an operator's membership as the operator service does, with its event; the relay carries it. */
async function changeOperator(userId: string, change: { scopes?: string[]; status?: 'active' | 'suspended' } | 'remove') {
  if (change === 'remove') {
    // the real removal (domain/operator-admin.ts), by the owner
    const removed = await gqlAs(
      server,
      owner.access_token,
      'mutation($u: ID!) { removeOperator(input: { userId: $u }) { __typename ... on Error { message } } }',
      { u: userId },
    );
    expect(removed.body.data?.removeOperator.__typename, JSON.stringify(removed.body)).not.toMatch(/Error/);
    await server.app.relay.drain();
    return;
  }
  const prisma = server.app.db.prisma;
  const issuerId = new URL(config.issuer).pathname.slice(1);
  await prisma.$transaction(async (tx) => {
    const current = await tx.membership.findFirstOrThrow({ where: { userId, organization: { issuerId } } });
    const base = { accountId: server.app.bootstrap!.accountId, issuerId, organizationId: current.organizationId, subject: current.id };
    const actor = { type: 'system' as const, id: null };
    const membership = await tx.membership.update({ where: { id: current.id }, data: change });
    await recordEvent(tx, {
      ...base,
      type: 'organization.membership.updated',
      actor,
      data: eventData('organization.membership.updated', { membership, changed: Object.keys(change), previousScopes: current.scopes }),
    });
  });
  await server.app.relay.drain();
}

beforeAll(async () => {
  // `eventually` polls with credentials that are refused until the change reaches the caches; on a
  // loaded machine that is more refusals than the failed-authentication limiter allows (429 for
  // 5 minutes, and the awaited status never comes): this file tests lineage, not that limiter
  server = await startServer({ AUTH_FAILURE_LIMIT: '100000', AUTH_FAILURE_ADDRESS_LIMIT: '100000' });
  config = await consoleConfig(server);
  await firstOwner(server, 'owner@example.com');
  owner = await operatorSignIn(server, config, 'owner@example.com');
  await inviteOperator(server, owner.access_token, 'admin@example.com', 'ADMIN');
  await inviteOperator(server, owner.access_token, 'admin2@example.com', 'ADMIN');
  await inviteOperator(server, owner.access_token, 'reader@example.com', 'READ_ONLY');
});
afterAll(() => server?.stop());

describe('operator lineage', () => {
  it("key made by an operator survives the operator's sign-out", async () => {
    const admin = await operatorSignIn(server, config, 'admin@example.com');
    const key = await keyBy(admin);
    // not capped at the console token's expiry (600 s): the operator's own restrictions apply
    expect(key.apiKey.expiresAt).toBeNull();
    const row = await server.app.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.apiKey.id } });
    expect(row.createdById).toBe(await operatorUser('admin@example.com'));
    // a key the operator's key makes is traced through it to the operator
    const child = await gqlAs(server, key.token, CREATE_KEY, { input: { name: 'child' } });
    expect(child.body.data!.createApiKey.__typename).toBe('CreateApiKeyPayload');
    await operatorSignOut(server, config, admin);
    expect(await statusWith(admin.access_token)).toBe(401);
    expect(await statusWith(key.token)).toBe(200);
    expect(await statusWith(child.body.data!.createApiKey.token)).toBe(200);
  });

  it('key made by an operator dies when the operator is removed', async () => {
    const admin2 = await operatorSignIn(server, config, 'admin2@example.com');
    const key = await keyBy(admin2);
    const child = (await gqlAs(server, key.token, CREATE_KEY, { input: { name: 'child' } })).body.data!.createApiKey.token as string;
    expect(await statusWith(key.token)).toBe(200);
    expect(await statusWith(child)).toBe(200);
    const userId = await operatorUser('admin2@example.com');
    // suspended: everything they made stops (the live check), nothing is revoked yet
    await changeOperator(userId, { status: 'suspended' });
    await eventually(key.token, 401);
    expect(await statusWith(child)).toBe(401);
    await changeOperator(userId, { status: 'active' });
    await eventually(key.token, 200);
    // removed: revoked with the removal, one event each, for good
    await changeOperator(userId, 'remove');
    await eventually(key.token, 401);
    expect(await statusWith(child)).toBe(401);
    const rows = await server.app.db.prisma.apiKey.findMany({ where: { createdById: { in: [userId, key.apiKey.id] } } });
    expect(rows.map((r) => r.status)).toEqual(['revoked', 'revoked']);
    const events = await server.app.db.prisma.event.findMany({
      where: { type: 'api-key.revoked', subject: { in: rows.map((r) => r.id) } },
    });
    expect(events).toHaveLength(2);
  });

  it('a read-only operator cannot create a key', async () => {
    const reader = await operatorSignIn(server, config, 'reader@example.com');
    const refused = await gqlAs(server, reader.access_token, CREATE_KEY, { input: { name: 'nope' } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // the kernel refuses it also past the edge's guard (plain routes, internal callers)
    const me = await gqlAs(server, reader.access_token, '{ currentOperator { userId } }');
    const viewer: Viewer = {
      kind: 'account_api_key',
      credentialId: 'jti',
      accountId: server.app.bootstrap!.accountId,
      restrictions: { ipAllowlist: [], expiresAt: new Date(Date.now() + 60_000), rateLimit: null },
      systemIssuerId: new URL(config.issuer).pathname.slice(1),
      operator: {
        role: 'read_only',
        userId: me.body.data!.currentOperator.userId,
        issuerId: new URL(config.issuer).pathname.slice(1),
        organizationId: 'org',
        clientId: config.clientId,
        sessionId: 's',
        claimedScopes: ['account:read'],
      },
    };
    const attempt = server.app.services.apiKeys.create(viewer, { name: 'nope' });
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toMatchObject({ reason: 'OPERATOR_READ_ONLY' });
    expect(await server.app.db.prisma.apiKey.count({ where: { name: 'nope' } })).toBe(0);
  });

  it('an admin operator cannot create more than admin holds', async () => {
    const admin = await operatorSignIn(server, config, 'admin@example.com');
    // an admin manages no operators: it cannot invite one (least of all an owner) …
    const invite = await gqlAs(
      server,
      admin.access_token,
      'mutation { inviteOperator(input: { email: "x@example.com", role: OWNER }) { __typename } }',
    );
    expect(invite.body.data?.inviteOperator.__typename).toBe('ForbiddenError');
    // … and neither can the key it makes (an account key holds what an admin holds, no more)
    const key = await keyBy(admin);
    const list = await gqlAs(server, key.token, '{ operators { username } }');
    expect(list.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byKey = await gqlAs(
      server,
      key.token,
      'mutation { inviteOperator(input: { email: "y@example.com", role: ADMIN }) { __typename } }',
    );
    expect(byKey.body.data?.inviteOperator.__typename).toBe('ForbiddenError');
    expect(await server.app.db.prisma.invitation.count({ where: { email: { in: ['x@example.com', 'y@example.com'] } } })).toBe(0);
  });

  it('an agent verifier made by an operator authenticates only while the operator may grant', async () => {
    const admin = await operatorSignIn(server, config, 'admin@example.com');
    const run = async (query: string, variables: Record<string, unknown>) => {
      const r = await gqlAs(server, admin.access_token, query, variables);
      expect(r.body.errors, JSON.stringify(r.body)).toBeUndefined();
      return r.body.data!;
    };
    const issuerId = (
      await run('mutation { createIssuer(input: { name: "agents" }) { ... on CreateIssuerPayload { issuer { id } } } }', {})
    ).createIssuer.issuer.id as string;
    const agentId = (
      await run(
        'mutation($i: ID!) { createAgent(input: { issuerId: $i, name: "bot", scopes: [] }) { ... on CreateAgentPayload { agent { id } } } }',
        { i: issuerId },
      )
    ).createAgent.agent.id as string;
    const secret = (
      await run(
        'mutation($a: ID!) { createAgentVerifier(input: { agentId: $a, type: SECRET }) { ... on CreateAgentVerifierPayload { secret } } }',
        { a: agentId },
      )
    ).createAgentVerifier.secret as string;
    const token = () =>
      fetch(`${server.url}/${issuerId}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${agentId}:${secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
    const before = await token();
    expect(before.status, await before.clone().text()).toBe(200);
    const userId = await operatorUser('admin@example.com');
    await changeOperator(userId, { scopes: ['account:read'] });
    const refused = await token();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_client');
    await changeOperator(userId, { scopes: ['account:admin'] });
    expect((await token()).status).toBe(200);
  });

  it('an operator invitation made by an owner since made admin makes no one an operator', async () => {
    const invited = await gqlAs(
      server,
      owner.access_token,
      'mutation { inviteOperator(input: { email: "late-owner@example.com", role: OWNER }) { ... on InviteOperatorPayload { acceptUrl } } }',
    );
    const acceptUrl = invited.body.data!.inviteOperator.acceptUrl as string;
    const ownerId = await operatorUser('owner@example.com');
    await changeOperator(ownerId, { scopes: ['account:admin'] });
    const accepted = await acceptBySignUp(acceptUrl, TEST_PASSWORD);
    expect(accepted.res.status).not.toBe(200);
    const issuerId = new URL(config.issuer).pathname.slice(1);
    expect(
      await server.app.db.prisma.membership.count({ where: { organization: { issuerId }, user: { username: 'late-owner@example.com' } } }),
    ).toBe(0);
    await changeOperator(ownerId, { scopes: ['account:owner'] });
  });

  it("downgraded operator's keys stop while they are read-only and come back with admin; an owner made admin keeps them", async () => {
    const admin = await operatorSignIn(server, config, 'admin@example.com');
    const key = await keyBy(admin);
    const userId = await operatorUser('admin@example.com');
    await changeOperator(userId, { scopes: ['account:read'] });
    await eventually(key.token, 401);
    await changeOperator(userId, { scopes: ['account:admin'] });
    await eventually(key.token, 200);
    // owner → admin: an admin holds what an account key holds, so the owner's keys keep working
    const ownerKey = await keyBy(owner);
    await changeOperator(await operatorUser('owner@example.com'), { scopes: ['account:admin'] });
    expect(await statusWith(ownerKey.token)).toBe(200);
    const row = await server.app.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.apiKey.id } });
    expect(row.status).toBe('active');
  });
});
