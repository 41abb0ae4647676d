/**
 * The webhook dispatcher: sends due deliveries from the database queue. Any number of nodes run
 * one; a claim takes due rows with `FOR UPDATE SKIP LOCKED` and leases them (`lockedUntil`), so
 * two nodes never send the same attempt, and a node that dies mid-attempt only delays it until
 * its lease runs out. Results are written only while the lease is still held.
 *
 * Each attempt POSTs the event as CloudEvents 1.0 JSON (structured mode), signed per Standard
 * Webhooks over the exact bytes sent: `webhook-id` is the event id (the same on every retry and
 * redelivery, for receivers to dedupe on), `webhook-timestamp` is fresh per attempt, and during a
 * secret rotation `webhook-signature` carries a signature with the new and one with the previous
 * secret. Requests time out, never follow redirects (3xx is a failure), and connect only to
 * public addresses (checked on the resolved address, against DNS rebinding).
 *
 * Failures are retried on a schedule with jitter (WEBHOOK_RETRY_SCHEDULE_MS; 429/503 with
 * Retry-After not earlier than asked); when it is exhausted the delivery fails. 410 Gone disables
 * the endpoint at once; an endpoint failing without a success for WEBHOOK_DISABLE_AFTER_HOURS is
 * disabled too (webhook-endpoint.disabled, in the transaction that disables it).
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import type { Event, WebhookEndpoint } from '../generated/prisma/client.js';
import type { PrismaClient } from '../data/database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Sealer } from '../lib/sealed.js';
import type { Config } from '../config/env.js';
import type { RecordEvent } from '../domain/events.js';
import { newId } from '../lib/ids.js';
import { guardedLookup, literalAddressRefused, type ResolveAll } from './ssrf.js';
import { isMetered } from './fan-out.js';
import { disableEndpointInTx } from './service.js';

/** Bytes of a response body kept with the attempt. */
export const RESPONSE_EXCERPT_BYTES = 1024;
/** A lease outlives the request timeout by this much (recording the result included). */
const LEASE_MARGIN_MS = 60_000;
/** Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 86_400_000;
/** Each scheduled delay is multiplied by a factor in [1 - JITTER, 1 + JITTER). */
const JITTER = 0.2;
const USER_AGENT = 'Authgraph-Webhooks/1';

export interface WebhookDispatcherDeps {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  sealer: Sealer;
  recordEvent: RecordEvent;
  config: Pick<Config, 'webhooks'>;
  /** DNS resolution at send time (tests); node:dns otherwise */
  resolve?: ResolveAll;
  /** source of jitter in [0, 1) (tests) */
  random?: () => number;
}

interface Claimed {
  id: string;
  endpointId: string;
  eventId: string;
  attemptCount: number;
}

/** What one HTTP attempt came to. */
export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  retryAfterMs: number | null;
  /** the node is shutting down: not a result, the delivery is handed back */
  aborted: boolean;
}

/** The CloudEvents 1.0 JSON body of an event (structured content mode). */
export function cloudEventBody(event: Pick<Event, 'id' | 'source' | 'type' | 'subject' | 'time' | 'data'>): string {
  return JSON.stringify({
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    ...(event.subject ? { subject: event.subject } : {}),
    time: event.time.toISOString(),
    datacontenttype: 'application/json',
    data: event.data,
  });
}

/** The `webhook-signature` header: one `v1,<base64>` per secret, space-separated. */
export function signatureHeader(secrets: readonly string[], messageId: string, timestamp: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
}

/** Retry-After as milliseconds from now (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}

/** PostgreSQL text cannot hold NUL; control bytes are kept otherwise. */
const storable = (text: string) => text.replaceAll('\0', '\uFFFD');

function describeError(error: NodeJS.ErrnoException): string {
  const code = error.code && !error.message.includes(error.code) ? `${error.code}: ` : '';
  return storable(`${code}${error.message}`).slice(0, 500);
}

/**
 * POSTs `body` once: no redirects, no connection reuse, a deadline for the whole exchange, and
 * only to allowed addresses. Reads at most RESPONSE_EXCERPT_BYTES of the answer.
 */
export function postOnce(
  target: URL,
  body: Buffer,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivateNetworks: boolean; resolve?: ResolveAll; signal: AbortSignal },
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  if (options.signal.aborted)
    return Promise.resolve({ statusCode: null, latencyMs: 0, responseExcerpt: null, error: null, retryAfterMs: null, aborted: true });
  const refused = literalAddressRefused(target, options.allowPrivateNetworks);
  if (refused)
    return Promise.resolve({ statusCode: null, latencyMs: 0, responseExcerpt: null, error: refused, retryAfterMs: null, aborted: false });
  const transport = target.protocol === 'https:' ? https : http;

  return new Promise((resolve) => {
    let settled = false;
    let response: http.IncomingMessage | null = null;
    const chunks: Buffer[] = [];
    let kept = 0;
    let timedOut = false;

    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      const aborted = options.signal.aborted && !timedOut;
      resolve({
        statusCode: response?.statusCode ?? null,
        latencyMs: elapsed(),
        responseExcerpt: response ? storable(Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8')) : null,
        error: response?.statusCode ? (error && timedOut ? null : error) : error,
        retryAfterMs: response ? parseRetryAfter(response.headers['retry-after'], new Date()) : null,
        aborted,
      });
    };

    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length), connection: 'close', 'user-agent': USER_AGENT },
        agent: false,
        lookup: guardedLookup({ allowPrivateNetworks: options.allowPrivateNetworks, resolve: options.resolve }),
      },
      (res) => {
        response = res;
        res.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_EXCERPT_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          // Enough for the excerpt: the rest of the body is not read.
          if (kept >= RESPONSE_EXCERPT_BYTES) res.destroy();
        });
        res.on('error', () => finish(null));
        res.on('close', () => finish(null));
        res.on('end', () => finish(null));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (timedOut) finish(`timeout: no answer within ${options.timeoutMs} ms`);
      else if (options.signal.aborted) finish('aborted: the node is shutting down');
      else finish(describeError(error));
    });

    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error('timeout'));
      response?.destroy();
      finish(`timeout: no answer within ${options.timeoutMs} ms`);
    }, options.timeoutMs);
    const onAbort = () => {
      request.destroy(new Error('aborted'));
      response?.destroy();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

export function createWebhookDispatcher(deps: WebhookDispatcherDeps) {
  const { prisma, clock, sealer, recordEvent } = deps;
  const settings = deps.config.webhooks;
  const logger = deps.logger.child({ source: 'WebhookDispatcher' });
  const random = deps.random ?? Math.random;
  const leaseMs = settings.timeoutMs + LEASE_MARGIN_MS;
  const inFlight = new Set<Promise<void>>();
  let shutdown = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let pumping: Promise<void> | null = null;
  let again = false;

  /** Leases up to `limit` due deliveries of enabled endpoints, oldest due first, skipping rows other nodes hold. */
  async function claim(limit: number): Promise<(Claimed & { lease: Date })[]> {
    const now = clock.now();
    const lease = new Date(now.getTime() + leaseMs);
    const rows = await prisma.$queryRaw<Claimed[]>`
      UPDATE "WebhookDelivery" SET "lockedUntil" = ${lease}, "updatedAt" = ${now}
      WHERE id IN (
        SELECT d.id FROM "WebhookDelivery" d
        JOIN "WebhookEndpoint" e ON e.id = d."endpointId" AND e.status = 'enabled'
        WHERE d.status = 'pending' AND d."nextAttemptAt" <= ${now} AND (d."lockedUntil" IS NULL OR d."lockedUntil" < ${now})
        ORDER BY d."nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE OF d SKIP LOCKED
      )
      RETURNING id, "endpointId", "eventId", "attemptCount"`;
    return rows.map((row) => ({ ...row, attemptCount: Number(row.attemptCount), lease }));
  }

  /** The delay before attempt `attemptNumber + 1`, jittered; null when the schedule is exhausted. */
  function retryDelay(attemptNumber: number): number | null {
    const base = settings.retryScheduleMs[attemptNumber - 1];
    if (base === undefined) return null;
    return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
  }

  /** Hands a claimed delivery back untouched (shutdown, or nothing to send it with). */
  async function release(claimed: Claimed & { lease: Date }) {
    await prisma.webhookDelivery.updateMany({ where: { id: claimed.id, lockedUntil: claimed.lease }, data: { lockedUntil: null } });
  }

  /** Ends a delivery that must not be sent (a metered or missing event): failed, without an attempt. */
  async function drop(claimed: Claimed & { lease: Date }, why: string) {
    logger.error({ delivery: claimed.id, event: claimed.eventId }, `webhook delivery dropped: ${why}`);
    await prisma.webhookDelivery.updateMany({
      where: { id: claimed.id, lockedUntil: claimed.lease },
      data: { status: 'failed', nextAttemptAt: null, lockedUntil: null },
    });
  }

  function signingSecrets(endpoint: WebhookEndpoint, now: Date): string[] {
    const secrets = [sealer.open(endpoint.secretEnc, endpoint.id)];
    if (endpoint.previousSecretEnc && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
      secrets.push(sealer.open(endpoint.previousSecretEnc, endpoint.id));
    return secrets;
  }

  async function attempt(
    claimed: Claimed & { lease: Date },
    endpoint: WebhookEndpoint | undefined,
    event: Event | undefined,
  ): Promise<void> {
    if (!endpoint) return release(claimed);
    if (!event) return drop(claimed, 'its event does not exist');
    // The fan-out never queues metered events; a row that says otherwise is a bug, not a send.
    if (isMetered(event)) return drop(claimed, 'metered events are never sent to webhooks');
    const attemptNumber = claimed.attemptCount + 1;
    const startedAt = clock.now();
    const body = cloudEventBody(event);
    const headers = {
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(startedAt.getTime() / 1000)),
      'webhook-signature': signatureHeader(signingSecrets(endpoint, startedAt), event.id, startedAt, body),
    };
    const outcome = await postOnce(new URL(endpoint.url), Buffer.from(body, 'utf8'), headers, {
      timeoutMs: settings.timeoutMs,
      allowPrivateNetworks: settings.allowPrivateNetworks,
      resolve: deps.resolve,
      signal: shutdown.signal,
    });
    if (outcome.aborted) return release(claimed);
    await record(claimed, endpoint, attemptNumber, startedAt, outcome);
  }

  /** Writes the attempt and its consequences (delivery state, endpoint failure run, auto-disable) in one transaction. */
  async function record(
    claimed: Claimed & { lease: Date },
    endpoint: WebhookEndpoint,
    attemptNumber: number,
    startedAt: Date,
    outcome: AttemptOutcome,
  ) {
    const now = clock.now();
    const code = outcome.statusCode;
    const succeeded = code !== null && code >= 200 && code < 300;
    const gone = code === 410;
    const error = outcome.error ?? (code !== null && code >= 300 && code < 400 ? 'redirects are not followed' : null);
    let status: 'pending' | 'succeeded' | 'failed' = succeeded ? 'succeeded' : 'failed';
    let nextAttemptAt: Date | null = null;
    if (!succeeded && !gone) {
      const delay = retryDelay(attemptNumber);
      if (delay !== null) {
        status = 'pending';
        const honoured = code === 429 || code === 503 ? (outcome.retryAfterMs ?? 0) : 0;
        nextAttemptAt = new Date(now.getTime() + Math.max(delay, honoured));
      }
    }

    const disabledNow = await prisma.$transaction(async (tx) => {
      await tx.webhookAttempt.create({
        data: {
          id: newId('webhookAttempt'),
          deliveryId: claimed.id,
          attemptNumber,
          statusCode: code,
          latencyMs: outcome.latencyMs,
          responseExcerpt: outcome.responseExcerpt,
          error,
          createdAt: startedAt,
        },
      });
      const { count } = await tx.webhookDelivery.updateMany({
        where: { id: claimed.id, lockedUntil: claimed.lease },
        data: { status, attemptCount: attemptNumber, nextAttemptAt, lockedUntil: null, lastStatusCode: code },
      });
      // The lease ran out and another node took the delivery over: its result is the one that counts.
      if (count === 0) return false;
      if (succeeded) {
        await tx.webhookEndpoint.updateMany({
          where: { id: endpoint.id, OR: [{ consecutiveFailures: { gt: 0 } }, { failingSince: { not: null } }] },
          data: { consecutiveFailures: 0, failingSince: null },
        });
        return false;
      }
      await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: now } });
      const failing = await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: { increment: 1 } } });
      const failingFor = now.getTime() - (failing.failingSince ?? now).getTime();
      const reason = gone
        ? 'the endpoint answered 410 Gone'
        : failingFor >= settings.disableAfterMs
          ? `deliveries failed for ${Math.round(failingFor / 3_600_000)} hours without a success`
          : null;
      if (!reason || failing.status !== 'enabled') return false;
      const disabled = await disableEndpointInTx(
        tx,
        { clock, recordEvent },
        failing,
        reason,
        { type: 'system', id: null },
        { automatic: true },
      );
      return disabled !== null;
    });
    if (disabledNow) logger.warn({ endpoint: endpoint.id }, 'webhook endpoint disabled');
    if (!succeeded) logger.debug({ delivery: claimed.id, attempt: attemptNumber, status: code, error }, 'webhook attempt failed');
  }

  /** Claims up to `limit` due deliveries and sends them; resolves when they are all recorded. */
  async function claimAndSend(limit: number, track: (work: Promise<void>) => void): Promise<number> {
    const claimed = await claim(limit);
    if (claimed.length === 0) return 0;
    const endpointIds = [...new Set(claimed.map((c) => c.endpointId))];
    const eventIds = [...new Set(claimed.map((c) => c.eventId))];
    const [endpoints, events] = await Promise.all([
      prisma.webhookEndpoint.findMany({ where: { id: { in: endpointIds } } }),
      prisma.event.findMany({ where: { id: { in: eventIds } } }),
    ]);
    const endpointById = new Map(endpoints.map((e) => [e.id, e]));
    const eventById = new Map(events.map((e) => [e.id, e]));
    for (const c of claimed) {
      track(
        attempt(c, endpointById.get(c.endpointId), eventById.get(c.eventId)).catch((error: unknown) => {
          // The endpoint was deleted while the attempt was in flight: its deliveries went with it.
          if ((error as { code?: string }).code === 'P2003')
            logger.debug({ delivery: c.id }, 'webhook delivery deleted during its attempt');
          else logger.error({ err: error, delivery: c.id }, 'webhook attempt could not be recorded');
        }),
      );
    }
    return claimed.length;
  }

  /** Keeps up to WEBHOOK_CONCURRENCY attempts in flight while deliveries are due. */
  async function pump(): Promise<void> {
    do {
      again = false;
      while (running) {
        const free = settings.concurrency - inFlight.size;
        if (free <= 0) {
          await Promise.race(inFlight);
          continue;
        }
        const claimedCount = await claimAndSend(free, (work) => {
          inFlight.add(work);
          void work.finally(() => {
            inFlight.delete(work);
            wake();
          });
        });
        if (claimedCount === 0) break;
      }
    } while (again && running);
  }

  /** Looks for due deliveries now (after a fan-out, after an attempt finished, or on the poll timer). */
  function wake(): void {
    if (!running) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pump()
      .catch((error: unknown) => logger.error({ err: error }, 'webhook dispatcher failed; retrying on the next poll'))
      .finally(() => {
        pumping = null;
      });
  }

  return {
    /** Starts polling (every WEBHOOK_POLL_INTERVAL_MS) and sending in the background. */
    start(): void {
      if (running) return;
      running = true;
      shutdown = new AbortController();
      timer = setInterval(wake, settings.pollIntervalMs);
      timer.unref();
      wake();
    },

    /** Stops claiming; attempts in flight are aborted and their deliveries handed back for any node to retry. */
    async stop(): Promise<void> {
      running = false;
      if (timer) clearInterval(timer);
      timer = null;
      shutdown.abort();
      await pumping;
      await Promise.allSettled([...inFlight]);
    },

    /** Nudges a started dispatcher to look for due deliveries now (the relay calls it after a fan-out). */
    wake,

    /**
     * One pass for tests and tools: claims up to WEBHOOK_CONCURRENCY due deliveries, sends them
     * and records the results. Returns how many were claimed.
     */
    async runOnce(): Promise<number> {
      const work: Promise<void>[] = [];
      const count = await claimAndSend(settings.concurrency, (w) => work.push(w));
      await Promise.all(work);
      return count;
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
