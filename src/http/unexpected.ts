/**
 * The answer to an error nobody expected, for every route: an unreachable database is 503
 * SERVICE_UNAVAILABLE with Retry-After (the client may retry; logged as a warning), anything else
 * 500 INTERNAL_SERVER_ERROR with a generic message and the request id its log line carries (never
 * a stack or a message to the client).
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { isDatabaseUnavailable } from '../data/errors.js';
import type { Logger } from '../lib/logger.js';
import { currentRequestId } from '../lib/request-context.js';
import { errorResponse, sendError, type TransportErrorOptions } from './node-io.js';

type Answer = ['SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR', string, TransportErrorOptions];

/** Logs `error` (with the request id) and says how to answer it. */
function answerTo(error: unknown, logger: Logger, path: string | undefined): Answer {
  const requestId = currentRequestId() ?? undefined;
  const log = logger.child({ requestId });
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error, path }, 'database unavailable');
    return [
      'SERVICE_UNAVAILABLE',
      'The service is temporarily unavailable; retry shortly.',
      { headers: { 'retry-after': '2' }, extensions: { retryAfterSeconds: 2 } },
    ];
  }
  log.error({ err: error, path }, 'request failed');
  return ['INTERNAL_SERVER_ERROR', 'Unexpected error.', { extensions: requestId ? { requestId } : {} }];
}

/** Answers an unexpected error on a node response (destroyed instead when headers went out). */
export function sendUnexpected(res: ServerResponse, error: unknown, logger: Logger, path: string | undefined): number {
  const answer = answerTo(error, logger, path);
  if (res.headersSent) {
    res.destroy();
    return 500;
  }
  return sendError(res, ...answer);
}

/**
 * Wraps a yoga plugin so that an error thrown by its `onRequest` — or by a request handler it
 * installs — ends the request with the answer above (the server adapter would otherwise answer
 * with the error's stack).
 */
export function guarded<C extends object>(plugin: Plugin<object, C>, logger: Logger): Plugin<object, C> {
  const onRequest = plugin.onRequest;
  if (!onRequest) return plugin;
  type Payload = Parameters<typeof onRequest>[0];
  const fail = (payload: Payload, error: unknown) =>
    errorResponse(payload.fetchAPI.Response, ...answerTo(error, logger, payload.url.pathname));
  return {
    ...plugin,
    async onRequest(payload) {
      // the plugin sees yoga's payload through a prototype link, with only setRequestHandler
      // replaced: no copy of the payload per plugin and request (this runs on every request)
      try {
        const seen: Payload = Object.create(payload);
        seen.setRequestHandler = (handler) =>
          payload.setRequestHandler(async (request, context) => {
            try {
              return await handler(request, context);
            } catch (error) {
              return fail(payload, error);
            }
          });
        await onRequest(seen);
      } catch (error) {
        payload.endResponse(fail(payload, error));
      }
    },
  };
}
