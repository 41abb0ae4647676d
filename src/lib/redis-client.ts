/**
 * ioredis, loaded on first use: a node without REDIS_URL (the embedded default) never imports it,
 * which saves about 130 ms of CPU at start-up. ioredis is CommonJS, so a synchronous `require`
 * returns the same module an `import` would.
 * @module
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';

const require = createRequire(import.meta.url);

/** A new ioredis client for `url` (`redis://…`) with `options`; connects as ioredis does. */
export function newRedis(url: string, options: RedisOptions): Redis {
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  return new RedisClient(url, options);
}
