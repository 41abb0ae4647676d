/**
 * The event bus between the outbox relay and live subscribers: in-process on the embedded
 * default, Redis pub/sub when REDIS_URL is set, so an event committed through any node reaches
 * subscribers on every node. Delivery is at-least-once; subscribers drop what they have seen
 * by position.
 * @module
 */
import { EventEmitter } from 'node:events';
import { newRedis } from '../lib/redis-client.js';
import type { Logger } from '../lib/logger.js';
import { deserialise, serialise, type OutboxEvent } from './outbox.js';

export type BusListener = (events: OutboxEvent[]) => void;

export interface EventBus {
  kind: 'local' | 'redis';
  publish(events: OutboxEvent[]): Promise<void>;
  subscribe(listener: BusListener): () => void;
  /** true while the bus can deliver (Redis connected) */
  healthy(): boolean;
  close(): Promise<void>;
}

const CHANNEL = 'authgraph:events';

export function createLocalBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'local',
    async publish(events) {
      emitter.emit('events', events);
    },
    subscribe(listener) {
      emitter.on('events', listener);
      return () => emitter.off('events', listener);
    },
    healthy: () => true,
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export async function createRedisBus(url: string, logger: Logger): Promise<EventBus> {
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: true } as const;
  const publisher = newRedis(url, options);
  const subscriber = newRedis(url, { ...options, enableOfflineQueue: true });
  for (const [name, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    client.on('error', (error: Error) => logger.warn({ err: error.message, client: name }, 'redis bus error'));
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const local = createLocalBus();
  await subscriber.subscribe(CHANNEL);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      void local.publish(deserialise(message));
    } catch (error) {
      logger.warn({ err: error }, 'unreadable bus message');
    }
  });
  return {
    kind: 'redis',
    async publish(events) {
      await publisher.publish(CHANNEL, serialise(events));
    },
    subscribe: (listener) => local.subscribe(listener),
    healthy: () => publisher.status === 'ready' && subscriber.status === 'ready',
    async close() {
      await local.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
