/**
 * A subscriber that does not read its stream is cut off once more than MAX_QUEUED events wait
 * for it, instead of letting the server's memory grow; it can resume with `after`.
 */
import { describe, expect, it } from 'vitest';
import { createLocalBus } from '../src/events/bus.js';
import { createEventStreams, MAX_QUEUED } from '../src/events/subscriptions.js';
import type { OutboxEvent } from '../src/events/outbox.js';
import type { PrismaClient } from '../src/data/database.js';
import { newId } from '../src/lib/ids.js';
import { UNRESTRICTED } from '../src/domain/viewer.js';
import { outboxEvent } from './helpers/outbox-event.js';

const accountId = newId('account');

function event(i: number): OutboxEvent {
  return outboxEvent(accountId, i);
}

describe('slow subscribers', () => {
  it(`ends a stream that falls more than ${MAX_QUEUED} events behind with SUBSCRIBER_TOO_SLOW`, async () => {
    const bus = createLocalBus();
    // no replay is asked for, so the stream never touches the database
    const streams = createEventStreams({ prisma: null as unknown as PrismaClient, bus, refresh: async (v) => v });
    const stream = streams.stream(
      { kind: 'account_api_key', credentialId: newId('apiKey'), accountId, restrictions: UNRESTRICTED, systemIssuerId: null },
      {},
      null,
    );
    const first = stream.next(); // the stream is listening
    await bus.publish([event(1)]);
    expect((await first).value?.seq).toBe(1n);
    // the client stops reading while events keep coming
    await bus.publish(Array.from({ length: MAX_QUEUED + 5 }, (_, i) => event(i + 2)));
    await expect(stream.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
    await bus.close();
  });

  it('a reader that keeps up is never cut off', async () => {
    const bus = createLocalBus();
    const streams = createEventStreams({ prisma: null as unknown as PrismaClient, bus, refresh: async (v) => v });
    const stream = streams.stream(
      { kind: 'account_api_key', credentialId: newId('apiKey'), accountId, restrictions: UNRESTRICTED, systemIssuerId: null },
      {},
      null,
    );
    const pending = stream.next();
    let received = 0;
    await bus.publish([event(1)]);
    await pending;
    received++;
    for (let batch = 0; batch < 5; batch++) {
      await bus.publish(Array.from({ length: MAX_QUEUED / 2 }, (_, i) => event(2 + batch * 1000 + i)));
      for (let i = 0; i < MAX_QUEUED / 2; i++) {
        await stream.next();
        received++;
      }
    }
    expect(received).toBe(1 + 5 * (MAX_QUEUED / 2));
    await stream.return?.();
    await bus.close();
  });
});
