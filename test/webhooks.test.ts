/**
 * Webhooks (DESIGN §6, SECURITY-CASES WH-01..WH-13): endpoints registered through the API, events
 * fanned out from the outbox and delivered to a local receiver that verifies every request with
 * the `standardwebhooks` package; retries, rotation, status handling, timeouts, redelivery, SSRF
 * refusals and metered events that never leave.
 *
 * The harness drives the real pieces: a relay (createRelay) whose handler is the webhook fan-out,
 * and a dispatcher that sends due deliveries. Assertions wait for outcomes instead of counting
 * passes, so they hold whether or not the app also runs its own relay and dispatcher.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startServer, type TestServer } from './helpers/server.js';
import { createClient } from './helpers/graphql.js';
import { createIssuer, createOrganization } from './helpers/fixtures.js';
import { ask, send, expectTypedError, expectValidation, expectUnchanged, type Data } from './helpers/state.js';
import { createWebhookFanOut } from '../src/webhooks/fan-out.js';
import { createWebhookDispatcher, type WebhookDispatcher } from '../src/webhooks/dispatcher.js';
import { blockedRange, guardedLookup } from '../src/webhooks/ssrf.js';
import { createRelay, type Relay } from '../src/events/relay.js';
import { createLocalBus } from '../src/events/bus.js';
import { createSealer } from '../src/lib/sealed.js';
import { resolveMasterKey } from '../src/config/master-key.js';
import { createEventRecorder } from '../src/domain/events.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';
import { newId } from '../src/lib/ids.js';

// ---------------------------------------------------------------- receiver

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** never answer */
  hang?: boolean;
}

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

interface Receiver {
  url: (path: string) => string;
  received: Received[];
  at: (path: string) => Received[];
  /** replies for a path, in order; the last one repeats */
  script: (path: string, replies: Reply[]) => void;
  close: () => Promise<void>;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, Reply[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: flatHeaders(req), body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const replies = scripts.get(path) ?? [];
      const reply = (replies.length > 1 ? replies.shift() : replies[0]) ?? {};
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    script: (path, replies) => scripts.set(path, [...replies]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- harness

interface Harness {
  relay: Relay;
  dispatcher: WebhookDispatcher;
  /** moves committed events through the fan-out and sends what is due, once */
  pump: () => Promise<void>;
  stop: () => Promise<void>;
}

function dispatcherFor(server: TestServer): WebhookDispatcher {
  const app = server.app;
  return createWebhookDispatcher({
    prisma: app.db.prisma,
    clock: systemClock,
    logger: createLogger('silent'),
    sealer: createSealer(resolveMasterKey(app.config)),
    recordEvent: createEventRecorder({ clock: systemClock }),
    config: app.config,
  });
}

/**
 * How the tests move events to receivers. When the app wires webhooks itself (its relay runs the
 * fan-out and `app.webhooks` is its dispatcher), `pump` drives those; until then a relay of its
 * own (own cursor) runs the fan-out as its handler and a dispatcher of its own sends. Either way a
 * second dispatcher runs in the background like another node: the two share the queue.
 */
function harness(server: TestServer, name: string): Harness {
  const app = server.app;
  const wired = (app as { webhooks?: WebhookDispatcher }).webhooks;
  const relay = wired
    ? app.relay
    : createRelay({
        db: app.db,
        bus: createLocalBus(),
        logger: createLogger('silent'),
        handlers: [createWebhookFanOut({ prisma: app.db.prisma })],
        name,
      });
  const dispatcher = wired ?? dispatcherFor(server);
  const otherNode = dispatcherFor(server);
  otherNode.start();
  return {
    relay,
    dispatcher,
    pump: async () => {
      await app.flushMetered();
      await relay.drain();
      otherNode.wake();
      await dispatcher.runOnce();
    },
    stop: async () => {
      await otherNode.stop();
      if (!wired) await dispatcher.stop();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pumps until `check` passes (returns its value) or the time is up. */
async function until<T>(h: Harness, check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await h.pump();
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(40);
  }
}

// ---------------------------------------------------------------- documents

const CREATE_ENDPOINT = `
  mutation WhCreate($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on CreateWebhookEndpointPayload { secret webhookEndpoint { id url eventTypes status description organization { id } issuer { id } } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
    }
  }
`;
const ENDPOINT = `
  query WhEndpoint($id: ID!) {
    webhookEndpoint(id: $id) {
      id url status disabledAt disabledReason consecutiveFailures failingSince previousSecretExpiresAt eventTypes
      deliveries(first: 20) {
        totalCount
        edges { node { id eventId eventType status attemptCount nextAttemptAt lastStatusCode
          attempts { id attemptNumber statusCode succeeded latencyMs responseExcerpt error attemptedAt } } }
      }
    }
  }
`;
const UPDATE_ORG = `
  mutation WhUpdateOrg($id: ID!, $name: String!) {
    updateOrganization(input: { id: $id, name: $name }) { __typename ... on Error { code message } }
  }
`;
const ROTATE = `
  mutation WhRotate($id: ID!) {
    rotateWebhookSecret(input: { id: $id }) { __typename ... on RotateWebhookSecretPayload { secret webhookEndpoint { id previousSecretExpiresAt } } ... on Error { code message } }
  }
`;
const DISABLE = `
  mutation WhDisable($id: ID!) { disableWebhookEndpoint(input: { id: $id, reason: "test over" }) { __typename ... on DisableWebhookEndpointPayload { webhookEndpoint { id status disabledReason } } ... on Error { code message } } }
`;
const ENABLE = `
  mutation WhEnable($id: ID!) { enableWebhookEndpoint(input: { id: $id }) { __typename ... on EnableWebhookEndpointPayload { webhookEndpoint { id status consecutiveFailures } } ... on Error { code message } } }
`;
const DELETE = `
  mutation WhDelete($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { __typename ... on DeleteWebhookEndpointPayload { deletedWebhookEndpointId } ... on Error { code message } } }
`;
const REDELIVER = `
  mutation WhRedeliver($id: ID!) { redeliverWebhookDelivery(input: { id: $id }) { __typename ... on RedeliverWebhookDeliveryPayload { webhookDelivery { id status nextAttemptAt } } ... on Error { code message } } }
`;
const SEND_TEST = `
  mutation WhSendTest($id: ID!) { sendTestEvent(input: { endpointId: $id }) { __typename ... on SendTestEventPayload { event { id type data } webhookEndpoint { id } } ... on Error { code message } } }
`;

interface Endpoint {
  id: string;
  secret: string;
}

async function createEndpoint(server: TestServer, input: Record<string, unknown>): Promise<Endpoint> {
  const res = await ask(server.gql, CREATE_ENDPOINT, { input });
  expect(res.createWebhookEndpoint.__typename, JSON.stringify(res)).toBe('CreateWebhookEndpointPayload');
  return { id: res.createWebhookEndpoint.webhookEndpoint.id, secret: res.createWebhookEndpoint.secret };
}

const endpointState = async (server: TestServer, id: string): Promise<Data> => (await ask(server.gql, ENDPOINT, { id })).webhookEndpoint;

/** Verifies a captured request the way a receiver would: raw body, the three headers. */
function verify(secret: string, r: Received): Data {
  return new Webhook(secret).verify(r.body, r.headers);
}

// ---------------------------------------------------------------- tests

describe('webhooks', () => {
  let server: TestServer;
  let h: Harness;
  let receiver: Receiver;
  let issuerId: string;

  beforeAll(async () => {
    server = await startServer({
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_SCHEDULE_MS: '1250,1250,1250',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_POLL_INTERVAL_MS: '50',
    });
    h = harness(server, 'webhook-tests');
    receiver = await startReceiver();
    issuerId = (await createIssuer(server.gql)).id;
  });
  afterAll(async () => {
    await h?.stop();
    await receiver?.close();
    await server?.stop();
  });

  it('WH-01/02/06/12: organization.created arrives as CloudEvents JSON, signed over the exact bytes sent; attempts are in the graph', async () => {
    const a = await createEndpoint(server, { url: receiver.url('/basic'), eventTypes: ['organization.created'], description: 'basic' });
    const b = await createEndpoint(server, { url: receiver.url('/other-types'), eventTypes: ['user.created'] });
    expect(a.id).toMatch(/^wh_[0-9a-z]{26}$/);
    for (const secret of [a.secret, b.secret]) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    }
    expect(a.secret).not.toBe(b.secret);
    const stored = await server.app.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: a.id } });
    expect(stored.secretEnc).not.toContain(a.secret.slice(6, 20));

    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Basic' });
    const [got] = await until(h, () => (receiver.at('/basic').length ? receiver.at('/basic') : null), 'the basic delivery');
    const payload = verify(a.secret, got!);
    expect(got!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(got!.headers['webhook-id']).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(Math.abs(Number(got!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(got!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(payload).toMatchObject({
      specversion: '1.0',
      id: got!.headers['webhook-id'],
      type: 'organization.created',
      source: `/issuers/${issuerId}`,
      subject: org.id,
      datacontenttype: 'application/json',
      data: { id: org.id, name: 'Webhook Basic' },
    });
    expect(new Date(payload.time).toISOString()).toBe(payload.time);
    // WH-02: the same JSON serialised differently does not verify; only the bytes sent do.
    expect(() => new Webhook(a.secret).verify(JSON.stringify(JSON.parse(got!.body), null, 2), got!.headers)).toThrow();
    // A receiver with another endpoint's secret cannot verify it.
    expect(() => verify(b.secret, got!)).toThrow();

    const state = await until(
      h,
      async () => {
        const s = await endpointState(server, a.id);
        return s.deliveries.edges[0]?.node.status === 'SUCCEEDED' ? s : null;
      },
      'the delivery recorded as succeeded',
    );
    expect(state.deliveries.totalCount).toBe(1);
    expect(state.deliveries.edges[0].node).toMatchObject({
      eventId: payload.id,
      eventType: 'organization.created',
      attemptCount: 1,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });
    expect(state.deliveries.edges[0].node.attempts).toEqual([
      expect.objectContaining({
        attemptNumber: 1,
        statusCode: 200,
        succeeded: true,
        responseExcerpt: 'ok',
        error: null,
        latencyMs: expect.any(Number),
      }),
    ]);
    // node(id) loads both webhook node types.
    const nodes = await ask(server.gql, `query WhNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [a.id, state.deliveries.edges[0].node.id],
    });
    expect(nodes.nodes.map((n: Data) => n.__typename)).toEqual(['WebhookEndpoint', 'WebhookDelivery']);
    // The endpoint subscribed to other types got nothing.
    expect(receiver.at('/other-types')).toHaveLength(0);
  });

  it('WH-03/08: 500, 500, 500 then 200 arrives on the 4th attempt with the same webhook-id and a fresh timestamp each time; a receiver that always fails exhausts the schedule', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Retry' });
    receiver.script('/flaky', [{ status: 500, body: 'boom' }, { status: 500 }, { status: 500 }, { status: 200 }]);
    receiver.script('/broken', [{ status: 503, body: 'down' }]);
    const flaky = await createEndpoint(server, {
      url: receiver.url('/flaky'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    const broken = await createEndpoint(server, {
      url: receiver.url('/broken'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    // Another organization's update is not theirs.
    const otherOrg = await createOrganization(server.gql, issuerId, { name: 'Webhook Retry Other' });
    await ask(server.gql, UPDATE_ORG, { id: otherOrg.id, name: 'Elsewhere' });
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Webhook Retry Renamed' });

    await until(h, () => receiver.at('/flaky').length >= 4 && receiver.at('/broken').length >= 4, 'four attempts each', 30_000);
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(4);
    const ids = new Set(attempts.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const stamps = attempts.map((r) => Number(r.headers['webhook-timestamp']));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
    expect(new Set(attempts.map((r) => r.headers['webhook-signature'])).size).toBe(4);
    for (const r of attempts)
      expect(verify(flaky.secret, r)).toMatchObject({
        type: 'organization.updated',
        subject: org.id,
        data: { name: 'Webhook Retry Renamed' },
      });

    const flakyState = await until(
      h,
      async () => {
        const s = await endpointState(server, flaky.id);
        // (the endpoint and its deliveries are separate reads: wait for both to show the last attempt)
        return s.deliveries.edges[0]?.node.status === 'SUCCEEDED' && s.consecutiveFailures === 0 ? s : null;
      },
      'the flaky delivery succeeded',
    );
    const delivery = flakyState.deliveries.edges[0].node;
    expect(flakyState.deliveries.totalCount).toBe(1);
    expect(delivery).toMatchObject({ attemptCount: 4, lastStatusCode: 200, eventId: [...ids][0] });
    expect(delivery.attempts.map((a: Data) => [a.attemptNumber, a.statusCode, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 200, true],
    ]);
    expect(delivery.attempts[0].responseExcerpt).toBe('boom');
    expect(flakyState).toMatchObject({ status: 'ENABLED', consecutiveFailures: 0, failingSince: null });

    const brokenState = await until(
      h,
      async () => {
        const s = await endpointState(server, broken.id);
        return s.deliveries.edges[0]?.node.status === 'FAILED' && s.consecutiveFailures >= 4 ? s : null;
      },
      'the broken delivery failed',
    );
    expect(brokenState.deliveries.edges[0].node).toMatchObject({ attemptCount: 4, lastStatusCode: 503, nextAttemptAt: null });
    expect(brokenState).toMatchObject({ status: 'ENABLED', consecutiveFailures: 4 });
    expect(brokenState.failingSince).toEqual(expect.any(String));
    // The schedule is exhausted: no fifth attempt.
    await sleep(1500);
    await h.pump();
    expect(receiver.at('/broken')).toHaveLength(4);
  });

  it('WH-05: after rotateWebhookSecret the signature header carries two signatures, new and previous, both verifying during the overlap', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Rotate' });
    const endpoint = await createEndpoint(server, {
      url: receiver.url('/rotate'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    const rotated = (await ask(server.gql, ROTATE, { id: endpoint.id })).rotateWebhookSecret;
    expect(rotated.__typename).toBe('RotateWebhookSecretPayload');
    expect(rotated.secret).not.toBe(endpoint.secret);
    const overlapEnds = new Date(rotated.webhookEndpoint.previousSecretExpiresAt).getTime();
    expect(overlapEnds - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(overlapEnds - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);

    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Rotated once' });
    const [first] = await until(h, () => (receiver.at('/rotate').length ? receiver.at('/rotate') : null), 'a delivery after rotation');
    const signatures = first!.headers['webhook-signature']!.split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
    expect(verify(rotated.secret, first!)).toMatchObject({ data: { name: 'Rotated once' } });
    expect(verify(endpoint.secret, first!)).toMatchObject({ data: { name: 'Rotated once' } });
    // Each signature alone: the first is the new secret's, the second the previous one's.
    expect(verify(rotated.secret, { ...first!, headers: { ...first!.headers, 'webhook-signature': signatures[0]! } })).toBeTruthy();
    expect(verify(endpoint.secret, { ...first!, headers: { ...first!.headers, 'webhook-signature': signatures[1]! } })).toBeTruthy();

    // After the overlap the previous secret no longer signs.
    await server.app.db.prisma.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1000) },
    });
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Rotated twice' });
    const all = await until(h, () => (receiver.at('/rotate').length >= 2 ? receiver.at('/rotate') : null), 'a delivery after the overlap');
    const second = all[1]!;
    expect(second.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verify(rotated.secret, second)).toMatchObject({ data: { name: 'Rotated twice' } });
    expect(() => verify(endpoint.secret, second)).toThrow();

    const events = await ask(
      server.gql,
      `query WhRotEvents($s: ID!) { events(first: 5, filter: { subject: $s, types: ["webhook-endpoint.secret-rotated"] }) { edges { node { type data } } } }`,
      { s: endpoint.id },
    );
    expect(events.events.edges).toHaveLength(1);
    expect(JSON.stringify(events.events.edges[0].node.data)).not.toContain('whsec_');
  });

  it('a metered event (GET /v1/me records api-key.verified) never reaches a receiver subscribed to every other type', async () => {
    const types = (await ask(server.gql, `query WhTypes { webhookEventTypes }`)).webhookEventTypes as string[];
    expect(types).toContain('organization.created');
    expect(types).not.toContain('api-key.verified');
    expect(types).not.toContain('token.issued');
    const endpoint = await createEndpoint(server, { url: receiver.url('/everything'), eventTypes: types });

    const me = await fetch(`${server.url}/v1/me`, {
      headers: { authorization: `Basic ${Buffer.from(`${server.keyId}:${server.keySecret}`).toString('base64')}` },
    });
    expect(me.status).toBe(200);
    await server.app.flushMetered();
    const metered = await server.app.db.prisma.event.findMany({ where: { metered: true } });
    expect(metered.length).toBeGreaterThan(0);
    // A marker after it: once the marker has arrived, the metered event would have too.
    const marker = await createOrganization(server.gql, issuerId, { name: 'Webhook Marker' });
    await until(h, () => receiver.at('/everything').some((r) => JSON.parse(r.body).subject === marker.id), 'the marker event');

    for (const r of receiver.at('/everything')) {
      const payload = verify(endpoint.secret, r) as Data;
      expect(['api-key.verified', 'token.issued']).not.toContain(payload.type);
    }
    expect(await server.app.db.prisma.webhookDelivery.count({ where: { eventId: { in: metered.map((e) => e.id) } } })).toBe(0);

    // Even a delivery row for a metered event (which the fan-out never writes) is not sent.
    const forced = await server.app.db.prisma.webhookDelivery.create({
      data: { id: newId('webhookDelivery'), endpointId: endpoint.id, eventId: metered[0]!.id, nextAttemptAt: new Date() },
    });
    const before = receiver.at('/everything').length;
    await until(
      h,
      async () => (await server.app.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: forced.id } })).status === 'failed',
      'the forced delivery dropped',
    );
    expect(
      receiver
        .at('/everything')
        .slice(before)
        .some((r) => JSON.parse(r.body).id === metered[0]!.id),
    ).toBe(false);
    expect(await server.app.db.prisma.webhookAttempt.count({ where: { deliveryId: forced.id } })).toBe(0);

    expect((await ask(server.gql, DELETE, { id: endpoint.id })).deleteWebhookEndpoint.__typename).toBe('DeleteWebhookEndpointPayload');
  });

  it('WH-07: 410 Gone disables the endpoint at once, with a webhook-endpoint.disabled event', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Gone' });
    receiver.script('/gone', [{ status: 410, body: 'gone' }]);
    const endpoint = await createEndpoint(server, {
      url: receiver.url('/gone'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Gone 1' });
    const state = await until(
      h,
      async () => {
        const s = await endpointState(server, endpoint.id);
        return s.status === 'DISABLED' ? s : null;
      },
      'the endpoint disabled',
    );
    expect(state.disabledReason).toMatch(/410/);
    expect(state.disabledAt).toEqual(expect.any(String));
    expect(state.deliveries.edges[0].node).toMatchObject({ status: 'FAILED', attemptCount: 1, lastStatusCode: 410 });
    expect(receiver.at('/gone')).toHaveLength(1);

    const events = await ask(
      server.gql,
      `query WhDisabled($s: ID!) { events(first: 5, filter: { subject: $s, types: ["webhook-endpoint.disabled"] }) { edges { node { type organizationId actor { type } data } } } }`,
      { s: endpoint.id },
    );
    expect(events.events.edges).toHaveLength(1);
    expect(events.events.edges[0].node).toMatchObject({
      organizationId: org.id,
      actor: { type: 'system' },
      data: { automatic: true, status: 'disabled' },
    });

    // Disabled: later events do not reach it, and redelivery asks to enable it first.
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Gone 2' });
    await h.pump();
    await h.pump();
    expect(receiver.at('/gone')).toHaveLength(1);
    expect((await endpointState(server, endpoint.id)).deliveries.totalCount).toBe(1);
    const redeliver = await send(server.gql, REDELIVER, { id: state.deliveries.edges[0].node.id });
    expectTypedError(redeliver, 'redeliverWebhookDelivery', 'InvalidStateError', 'INVALID_STATE');
    expectTypedError(await send(server.gql, DISABLE, { id: endpoint.id }), 'disableWebhookEndpoint', 'InvalidStateError', 'INVALID_STATE');
    const enabled = (await ask(server.gql, ENABLE, { id: endpoint.id })).enableWebhookEndpoint;
    expect(enabled.webhookEndpoint).toMatchObject({ status: 'ENABLED', consecutiveFailures: 0 });
    await ask(server.gql, DELETE, { id: endpoint.id });
  });

  it('WH-08: an endpoint failing for longer than WEBHOOK_DISABLE_AFTER_HOURS is disabled on its next failure', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Stale' });
    receiver.script('/stale', [{ status: 500 }]);
    const endpoint = await createEndpoint(server, {
      url: receiver.url('/stale'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Stale 1' });
    await until(h, async () => (await endpointState(server, endpoint.id)).consecutiveFailures >= 1, 'a first failure');
    await server.app.db.prisma.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince: new Date(Date.now() - 73 * 3_600_000) },
    });
    const state = await until(
      h,
      async () => {
        const s = await endpointState(server, endpoint.id);
        return s.status === 'DISABLED' ? s : null;
      },
      'the stale endpoint disabled',
    );
    expect(state.disabledReason).toMatch(/hours/);
    expect(state.deliveries.edges[0].node.status).toBe('FAILED');
    const events = await ask(
      server.gql,
      `query WhStale($s: ID!) { events(first: 5, filter: { subject: $s, types: ["webhook-endpoint.disabled"] }) { edges { node { data } } } }`,
      { s: endpoint.id },
    );
    expect(events.events.edges).toHaveLength(1);
    await ask(server.gql, DELETE, { id: endpoint.id });
  });

  it('WH-07: a 301 is a failure and is not followed; 429 with Retry-After is not retried earlier than asked', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Redirect' });
    receiver.script('/moved', [{ status: 301, headers: { location: receiver.url('/moved-target') } }]);
    receiver.script('/slow-down', [{ status: 429, headers: { 'retry-after': '120' } }]);
    const moved = await createEndpoint(server, {
      url: receiver.url('/moved'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    const limited = await createEndpoint(server, {
      url: receiver.url('/slow-down'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    const started = Date.now();
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Moved' });
    const movedState = await until(
      h,
      async () => {
        const s = await endpointState(server, moved.id);
        return s.deliveries.edges[0]?.node.attemptCount >= 1 ? s : null;
      },
      'the redirect attempt',
    );
    expect(movedState.deliveries.edges[0].node.attempts[0]).toMatchObject({
      statusCode: 301,
      succeeded: false,
      error: 'redirects are not followed',
    });
    expect(movedState.deliveries.edges[0].node.status).toBe('PENDING');
    expect(receiver.at('/moved-target')).toHaveLength(0);

    const limitedState = await until(
      h,
      async () => {
        const s = await endpointState(server, limited.id);
        return s.deliveries.edges[0]?.node.attemptCount >= 1 ? s : null;
      },
      'the rate-limited attempt',
    );
    const next = new Date(limitedState.deliveries.edges[0].node.nextAttemptAt).getTime();
    expect(next - started).toBeGreaterThanOrEqual(120_000);
    expect(limitedState.deliveries.edges[0].node).toMatchObject({ status: 'PENDING', lastStatusCode: 429 });

    for (const id of [moved.id, limited.id])
      expect((await ask(server.gql, DISABLE, { id })).disableWebhookEndpoint.webhookEndpoint.status).toBe('DISABLED');
    expect(receiver.at('/moved-target')).toHaveLength(0);
  });

  it('WH-09: a receiver that never answers is cut off at the timeout and the attempt counts as a failure', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Timeout' });
    receiver.script('/hang', [{ hang: true }]);
    const endpoint = await createEndpoint(server, {
      url: receiver.url('/hang'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Hanging' });
    const state = await until(
      h,
      async () => {
        const s = await endpointState(server, endpoint.id);
        // the endpoint and its deliveries are read by separate statements: wait until both show
        // the attempt's transaction (one read may come before its commit, the other after)
        return s.deliveries.edges[0]?.node.attemptCount >= 1 && s.consecutiveFailures >= 1 ? s : null;
      },
      'the timed-out attempt',
    );
    const attempt = state.deliveries.edges[0].node.attempts[0];
    expect(attempt).toMatchObject({ statusCode: null, succeeded: false, responseExcerpt: null });
    expect(attempt.error).toMatch(/^timeout/);
    expect(attempt.latencyMs).toBeGreaterThanOrEqual(900);
    expect(attempt.latencyMs).toBeLessThan(5000);
    expect(state.deliveries.edges[0].node.status).toBe('PENDING');
    expect(state.consecutiveFailures).toBe(1);
    await ask(server.gql, DISABLE, { id: endpoint.id });
  });

  it('WH-13: redeliverWebhookDelivery sends the same webhook-id again with a fresh timestamp and signature', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Redeliver' });
    const endpoint = await createEndpoint(server, {
      url: receiver.url('/again'),
      eventTypes: ['organization.updated'],
      organizationId: org.id,
    });
    await ask(server.gql, UPDATE_ORG, { id: org.id, name: 'Again' });
    const state = await until(
      h,
      async () => {
        const s = await endpointState(server, endpoint.id);
        return s.deliveries.edges[0]?.node.status === 'SUCCEEDED' ? s : null;
      },
      'the first delivery',
    );
    await sleep(1100);
    const res = (await ask(server.gql, REDELIVER, { id: state.deliveries.edges[0].node.id })).redeliverWebhookDelivery;
    expect(res.webhookDelivery).toMatchObject({ id: state.deliveries.edges[0].node.id, status: 'PENDING' });
    const both = await until(h, () => (receiver.at('/again').length >= 2 ? receiver.at('/again') : null), 'the redelivery');
    expect(both).toHaveLength(2);
    expect(both[1]!.headers['webhook-id']).toBe(both[0]!.headers['webhook-id']);
    expect(both[1]!.body).toBe(both[0]!.body);
    expect(Number(both[1]!.headers['webhook-timestamp'])).toBeGreaterThan(Number(both[0]!.headers['webhook-timestamp']));
    expect(both[1]!.headers['webhook-signature']).not.toBe(both[0]!.headers['webhook-signature']);
    verify(endpoint.secret, both[1]!);
    const after = await until(
      h,
      async () => {
        const s = await endpointState(server, endpoint.id);
        return s.deliveries.edges[0]?.node.attemptCount === 2 && s.deliveries.edges[0].node.status === 'SUCCEEDED' ? s : null;
      },
      'the redelivery recorded',
    );
    expect(after.deliveries.edges[0].node.attempts.map((a: Data) => a.attemptNumber)).toEqual([1, 2]);
    await ask(server.gql, DELETE, { id: endpoint.id });
  });

  it('sendTestEvent reaches that endpoint only, through the outbox', async () => {
    const target = await createEndpoint(server, { url: receiver.url('/test-target'), eventTypes: ['user.deleted'] });
    const bystander = await createEndpoint(server, {
      url: receiver.url('/test-bystander'),
      eventTypes: ['webhook-endpoint.test', 'user.deleted'],
    });
    const sent = (await ask(server.gql, SEND_TEST, { id: target.id })).sendTestEvent;
    expect(sent.event).toMatchObject({ type: 'webhook-endpoint.test', data: { endpointId: target.id } });
    const [got] = await until(h, () => (receiver.at('/test-target').length ? receiver.at('/test-target') : null), 'the test event');
    expect(verify(target.secret, got!)).toMatchObject({
      id: sent.event.id,
      type: 'webhook-endpoint.test',
      data: { endpointId: target.id },
    });
    await h.pump();
    expect(receiver.at('/test-bystander')).toHaveLength(0);
    for (const id of [target.id, bystander.id]) await ask(server.gql, DELETE, { id });
    // A disabled endpoint is not sent test events.
    const off = await createEndpoint(server, { url: receiver.url('/test-off'), eventTypes: ['user.deleted'] });
    await ask(server.gql, DISABLE, { id: off.id });
    expectTypedError(await send(server.gql, SEND_TEST, { id: off.id }), 'sendTestEvent', 'InvalidStateError', 'INVALID_STATE');
  });

  it('fan-out is idempotent and honours the issuer scope; two nodes draining the queue send each delivery once', async () => {
    const otherIssuer = (await createIssuer(server.gql)).id;
    const endpoint = await createEndpoint(server, {
      url: receiver.url('/shared'),
      eventTypes: ['organization.created'],
      issuerId: otherIssuer,
    });
    const orgs = [];
    for (let i = 0; i < 12; i++) orgs.push(await createOrganization(server.gql, otherIssuer, { name: `Shared ${i}` }));
    await createOrganization(server.gql, issuerId, { name: 'Not in scope' });
    // The fan-out run by hand on events it has seen already adds nothing.
    await h.relay.drain();
    const prisma = server.app.db.prisma;
    const events = await prisma.event.findMany({ where: { type: 'organization.created' } });
    const fanOut = createWebhookFanOut({ prisma });
    await prisma.$transaction((tx) => fanOut(tx, events));
    await prisma.$transaction((tx) => fanOut(tx, events));
    expect(await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(12);

    const nodes = [dispatcherFor(server), dispatcherFor(server)];
    await until(
      h,
      async () => {
        await Promise.all(nodes.map((n) => n.runOnce()));
        return (await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id, status: 'succeeded' } })) === 12;
      },
      'every shared delivery',
    );
    const ids = receiver.at('/shared').map((r) => verify(endpoint.secret, r).subject as string);
    expect(ids.sort()).toEqual(orgs.map((o) => o.id).sort());
    expect(await prisma.webhookAttempt.count({ where: { delivery: { endpointId: endpoint.id } } })).toBe(12);
    await ask(server.gql, DELETE, { id: endpoint.id });
  });

  it('updateWebhookEndpoint changes URL and types (checked again); endpoints are for account keys only', async () => {
    const endpoint = await createEndpoint(server, { url: receiver.url('/update-a'), eventTypes: ['user.created'] });
    const updated = await ask(
      server.gql,
      `mutation WhUpdate($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { __typename ... on UpdateWebhookEndpointPayload { webhookEndpoint { url eventTypes description } } ... on ValidationError { fields { path } } } }`,
      { input: { id: endpoint.id, url: receiver.url('/update-b'), eventTypes: ['user.updated', 'user.updated'], description: 'renamed' } },
    );
    expect(updated.updateWebhookEndpoint.webhookEndpoint).toEqual({
      url: receiver.url('/update-b'),
      eventTypes: ['user.updated'],
      description: 'renamed',
    });
    const bad = await send(
      server.gql,
      `mutation WhUpdateBad($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { __typename ... on Error { code message } ... on ValidationError { fields { path message } } } }`,
      {
        input: { id: endpoint.id, url: 'ftp://example.com/x' },
      },
    );
    expectValidation(bad, 'updateWebhookEndpoint', ['url']);

    // An organization key (even with every management scope it may hold) gets FORBIDDEN, and node() shows nothing.
    const org = await createOrganization(server.gql, issuerId, { name: 'Webhook Org Key' });
    const key = (
      await ask(
        server.gql,
        `mutation WhKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { apiKey { id } secret } } }`,
        {
          input: { organizationId: org.id, name: 'org key', scopes: ['org:read', 'org:write', 'events:read'] },
        },
      )
    ).createApiKey;
    const orgClient = createClient(server.url, { username: key.apiKey.id, password: key.secret });
    const denied = await send(orgClient, CREATE_ENDPOINT, {
      input: { url: receiver.url('/org'), eventTypes: ['organization.updated'], organizationId: org.id },
    });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const seen = await send(orgClient, `query WhOrgNode($id: ID!) { node(id: $id) { id } }`, { id: endpoint.id });
    expect(seen.data?.node ?? null).toBeNull();
    await ask(server.gql, DELETE, { id: endpoint.id });
  });
});

describe('webhooks: SSRF and bad input (private networks not allowed)', () => {
  let server: TestServer;
  let receiver: Receiver;

  beforeAll(async () => {
    server = await startServer({ WEBHOOK_RETRY_SCHEDULE_MS: '60000' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await server?.stop();
  });

  const createRaw = (input: Record<string, unknown>) => send(server.gql, CREATE_ENDPOINT, { input });

  it('WH-10: refuses non-http(s), credentials, private, loopback, link-local and unresolvable hosts; nothing is stored', async () => {
    const urls = [
      'ftp://example.com/hook',
      'file:///etc/passwd',
      'not a url',
      'http://user:pass@example.com/hook',
      'http://127.0.0.1/hook',
      'http://localhost:8080/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://10.0.0.5/hook',
      'http://192.168.1.10/hook',
      'http://172.16.0.1/hook',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://2130706433/hook',
      'https://internal.corp/hook',
      `https://example.com/${'a'.repeat(2100)}`,
    ];
    await expectUnchanged(
      server,
      async () => {
        for (const url of urls) {
          const res = await createRaw({ url, eventTypes: ['organization.created'] });
          const error = expectValidation(res, 'createWebhookEndpoint', ['url']);
          expect(error.fields[0].message, url).toEqual(expect.any(String));
        }
      },
      { graph: false },
    );
    expect(await server.app.db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it('refuses event types that do not exist, metered types, an empty list and unknown scopes, as typed errors; nothing is stored', async () => {
    const url = 'http://93.184.215.14/hook';
    await expectUnchanged(
      server,
      async () => {
        expectValidation(await createRaw({ url, eventTypes: ['organization.exploded'] }), 'createWebhookEndpoint', ['eventTypes.0']);
        expectValidation(await createRaw({ url, eventTypes: ['organization.created', 'api-key.verified'] }), 'createWebhookEndpoint', [
          'eventTypes.1',
        ]);
        expectValidation(await createRaw({ url, eventTypes: ['token.issued'] }), 'createWebhookEndpoint', ['eventTypes.0']);
        expectValidation(await createRaw({ url, eventTypes: ['organization.*'] }), 'createWebhookEndpoint', ['eventTypes.0']);
        expectValidation(await createRaw({ url, eventTypes: [] }), 'createWebhookEndpoint', ['eventTypes']);
        expectValidation(await createRaw({ url, eventTypes: ['user.created'], organizationId: 'not-an-id' }), 'createWebhookEndpoint', [
          'organizationId',
        ]);
        expectTypedError(
          await createRaw({ url, eventTypes: ['user.created'], organizationId: newId('organization') }),
          'createWebhookEndpoint',
          'NotFoundError',
          'NOT_FOUND',
        );
        expectTypedError(
          await createRaw({ url, eventTypes: ['user.created'], issuerId: newId('issuer') }),
          'createWebhookEndpoint',
          'NotFoundError',
          'NOT_FOUND',
        );
        expectTypedError(
          await send(server.gql, DELETE, { id: newId('webhookEndpoint') }),
          'deleteWebhookEndpoint',
          'NotFoundError',
          'NOT_FOUND',
        );
        expectTypedError(
          await send(server.gql, REDELIVER, { id: newId('webhookDelivery') }),
          'redeliverWebhookDelivery',
          'NotFoundError',
          'NOT_FOUND',
        );
      },
      { graph: false },
    );
    expect(await server.app.db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it('classifies addresses: only public unicast may receive', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12::1',
      '::ffff:10.0.0.1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
    ]) {
      expect(blockedRange(a), a).not.toBeNull();
    }
    for (const a of ['93.184.215.14', '8.8.8.8', '2606:4700::1111']) expect(blockedRange(a), a).toBeNull();
  });

  it('WH-11: at send time the address connected to is checked, so a host that now resolves to 127.0.0.1 (DNS rebinding) is not reached', async () => {
    // A lookup that answers with loopback for the rebinding host: refused before connecting.
    const lookup = guardedLookup({ allowPrivateNetworks: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const refused = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('rebind.example', { all: true }, (error) => resolve(error)),
    );
    expect(refused?.code).toBe('EUNSAFEADDRESS');

    // End to end: endpoints stored as they would be after a public registration, one by host name
    // (resolving to the receiver's loopback address at send time) and one by literal address.
    const app = server.app;
    const sealer = createSealer(resolveMasterKey(app.config));
    const port = new URL(receiver.url('/')).port;
    const account = await app.db.prisma.account.findFirstOrThrow();
    const targets = [`http://rebind.example:${port}/rebind`, `http://127.0.0.1:${port}/literal`];
    const deliveryIds: string[] = [];
    const event = await app.db.prisma.event.findFirstOrThrow({ where: { metered: false } });
    for (const url of targets) {
      const id = newId('webhookEndpoint');
      await app.db.prisma.webhookEndpoint.create({
        data: {
          id,
          accountId: account.id,
          url,
          eventTypes: ['organization.created'],
          secretEnc: sealer.seal(`whsec_${Buffer.alloc(24, 7).toString('base64')}`, id),
        },
      });
      const delivery = await app.db.prisma.webhookDelivery.create({
        data: { id: newId('webhookDelivery'), endpointId: id, eventId: event.id, nextAttemptAt: new Date() },
      });
      deliveryIds.push(delivery.id);
    }
    const rebinding = createWebhookDispatcher({
      prisma: app.db.prisma,
      clock: systemClock,
      logger: createLogger('silent'),
      sealer,
      recordEvent: createEventRecorder({ clock: systemClock }),
      config: app.config,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const deadline = Date.now() + 10_000;
    while ((await app.db.prisma.webhookAttempt.count({ where: { deliveryId: { in: deliveryIds } } })) < 2 && Date.now() < deadline) {
      await rebinding.runOnce();
      await sleep(40);
    }
    const attempts = await app.db.prisma.webhookAttempt.findMany({ where: { deliveryId: { in: deliveryIds } } });
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    for (const attempt of attempts) {
      expect(attempt.statusCode).toBeNull();
      expect(attempt.error).toMatch(/non-public|does not resolve|ENOTFOUND/);
    }
    expect(receiver.received).toHaveLength(0);
  });
});
