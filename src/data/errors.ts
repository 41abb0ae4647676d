/**
 * Telling "the database is unavailable" apart from other failures, so clients get 503 with
 * Retry-After (try again shortly) instead of a 500, and never a 401 because a credential could
 * not be looked up.
 * @module
 */
const UNAVAILABLE_CODES = new Set([
  'P1001', // can't reach database server
  'P1017', // server closed the connection
  'P2024', // timed out fetching a connection from the pool
  '57P01', // admin_shutdown (pg_terminate_backend, restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
]);

const UNAVAILABLE_MESSAGE =
  /connection (terminated|refused|closed|ended)|terminating connection|server closed the connection|Connection terminated|the database system is (starting up|shutting down)|timed out fetching a new connection/i;

/** True when the error (or any error in its cause chain) says the database cannot be reached now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    current = e.originalError ?? e.cause;
  }
  return false;
}
