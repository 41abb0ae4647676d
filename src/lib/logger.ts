/** Logging through pino (structured JSON, fast). Never pass secrets, tokens or hashes to it. @module */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: 'debug' | 'info' | 'warn' | 'error' | 'silent'): Logger {
  return pino({ level, base: { service: 'authgraph' } });
}
