/**
 * Credential guessing (issue 10): failed authentications counted per identifier and per address
 * (./failed-auth.ts), the sign-in throttle of the hosted pages (domain/passwords.ts) and the
 * client-assertion replay cache — in this process, or shared by every node through Redis when
 * REDIS_URL is set. A counter that trips records `credential.guessing-suspected` (a normal,
 * webhook-deliverable event) for the account that owns the identifier: the issuer's at /token,
 * the key's owner for an API key; a trip on an identifier nobody owns is logged only.
 * @module
 */
import { newRedis } from '../lib/redis-client.js';
import type { Config } from '../config/env.js';
import type { PrismaClient } from '../data/database.js';
import type { RecordEvent } from '../domain/events.js';
import { eventData } from '../domain/event-payloads.js';
import { createSignInThrottle } from '../domain/passwords.js';
import { idKind } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { createReplayCache, createRedisReplayCache } from '../oauth/replay-cache.js';
import { createFailedAuthLimiter, guessingSuspectedData, type GuessingTrip } from './failed-auth.js';
import { createFailureCounter } from './failure-counter.js';

export interface GuessingDeps {
  config: Config;
  prisma: PrismaClient;
  recordEvent: RecordEvent;
  logger: Logger;
}

export function createGuessingDefences({ config, prisma, recordEvent, logger }: GuessingDeps) {
  const redis = config.redisUrl
    ? newRedis(config.redisUrl, {
        maxRetriesPerRequest: 1,
        commandTimeout: 500,
        connectTimeout: 2_000,
        retryStrategy: (times) => Math.min(times * 200, 5_000),
      })
    : null;
  redis?.on('error', (error: Error) => logger.debug({ err: error.message }, 'failure counters: Redis error'));
  const failed = (error: unknown) => logger.error({ err: error }, 'recording credential.guessing-suspected failed');

  async function report(trip: GuessingTrip): Promise<void> {
    logger.warn(
      { identifier: trip.identifier, sourceAddress: trip.sourceAddress, scope: trip.scope, failures: trip.failures },
      'credential guessing suspected',
    );
    let owner = trip.owner;
    if (!owner && idKind(trip.identifier) === 'apiKey') {
      const key = await prisma.apiKey.findUnique({
        where: { id: trip.identifier },
        select: { accountId: true, organization: { select: { issuerId: true } } },
      });
      owner = key && { accountId: key.accountId, issuerId: key.organization?.issuerId ?? null };
    }
    if (!owner) return;
    const { accountId, issuerId } = owner;
    await prisma.$transaction((tx) =>
      recordEvent(tx, {
        type: 'credential.guessing-suspected',
        accountId,
        issuerId,
        subject: trip.identifier || (trip.sourceAddress ?? 'unknown'),
        actor: { type: 'system', id: null },
        data: eventData('credential.guessing-suspected', guessingSuspectedData(trip)),
      }),
    );
  }

  return {
    failedAuth: createFailedAuthLimiter({
      counter: createFailureCounter({ redis, prefix: 'authgraph:fail:auth', windowSeconds: config.authFailures.windowSeconds }),
      perIdentifier: config.authFailures.perIdentifier,
      perAddress: config.authFailures.perAddress,
      onTripped: (trip) => void report(trip).catch(failed),
    }),
    signInThrottle: createSignInThrottle(
      createFailureCounter({ redis, prefix: 'authgraph:fail:signin', windowSeconds: 900 }),
      config.signIn,
      (trip) => {
        void (async () => {
          const issuer = await prisma.issuer.findUnique({ where: { id: trip.issuerId }, select: { accountId: true } });
          if (issuer) await report({ ...trip, owner: { accountId: issuer.accountId, issuerId: trip.issuerId } });
        })().catch(failed);
      },
    ),
    replay: redis ? createRedisReplayCache(redis) : createReplayCache(),
    close: () => redis?.disconnect(),
  };
}
