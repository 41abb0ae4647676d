/**
 * Logging through pino (structured JSON, fast). Never pass secrets, tokens or hashes to it.
 * Every line written while a request is being served carries its `requestId` (a mixin reading
 * lib/request-context.ts), whichever module logs it.
 * @module
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-context.js';

export type { Logger };

/** `destination`: where lines go (default stdout); tests pass a stream they read. */
export function createLogger(level: 'debug' | 'info' | 'warn' | 'error' | 'silent', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'authgraph' },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
