/**
 * useIdempotencyKey: a POST to the Core API with an `Idempotency-Key` header (1 to 255 visible
 * ASCII characters, else 400 BAD_REQUEST) runs once per (credential, key): a repeat with the same
 * body gets the first answer again (`Idempotent-Replayed: true`), one with another body 422
 * IDEMPOTENCY_KEY_REUSED, one while the first still runs 409 IDEMPOTENCY_KEY_IN_PROGRESS with
 * Retry-After (domain/idempotency.ts keeps the records, sealed).
 *
 * Only these requests take the copying path: the body is read whole (to compare it) and yoga's
 * answer is read back (to store it). An unexpected (masked) failure of a single mutation changed
 * nothing (each mutation is one transaction), so the key is released and the client may retry
 * with it; with several mutation fields one may have committed before another failed, so that
 * answer is final like any other. An event stream is not a replayable answer: released too.
 * @module
 */
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { IdempotencyService } from '../domain/idempotency.js';
import type { CoreServerContext } from './context.js';
import { bufferedBodies, readLimited, tooLarge, withBody } from './body-limit.js';
import { errorResponse } from './node-io.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** True when the answer is a server error or carries a masked (unexpected) GraphQL error. */
function failedUnexpectedly(status: number, body: string): boolean {
  if (status >= 500) return true;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
    return (parsed.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  } catch {
    return true;
  }
}

/** How many root fields the request's mutation selects (0 when it is not a mutation or unreadable). */
function rootMutationFields(body: string): number {
  try {
    const { query, operationName } = JSON.parse(body) as { query?: string; operationName?: string };
    const document = parse(query ?? '');
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
    if (operation?.operation !== 'mutation') return 0;
    // A fragment spread at the root could hide more fields: count it as "several".
    return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD) ? operation.selectionSet.selections.length : 2;
  } catch {
    return 0;
  }
}

/** Event streams (GraphQL over SSE, incremental delivery) are not stored. */
const isStream = (response: Response) => /^(text\/event-stream|multipart\/mixed)/.test(response.headers.get('content-type') ?? '');

export function useIdempotencyKey(
  idempotency: Pick<IdempotencyService, 'claim' | 'complete' | 'release'>,
  limit: number,
): Plugin<object, CoreServerContext> {
  return {
    async onRequest({ request, setRequest, serverContext, endResponse, fetchAPI, requestHandler, setRequestHandler }) {
      const key = request.headers.get('idempotency-key');
      const auth = serverContext.authentication;
      if (request.method !== 'POST' || key === null || !auth) return;
      if (!IDEMPOTENCY_KEY.test(key)) {
        endResponse(errorResponse(fetchAPI.Response, 'BAD_REQUEST', 'Idempotency-Key must be 1 to 255 visible ASCII characters.'));
        return;
      }
      let body = bufferedBodies.get(request);
      if (!body) {
        const read = await readLimited(request, limit);
        if (!read) {
          endResponse(tooLarge(fetchAPI.Response, limit));
          return;
        }
        body = read;
        setRequest(withBody(fetchAPI.Request, request, body));
      }
      const text = Buffer.from(body).toString('utf8');
      const claim = await idempotency.claim(auth.viewer.credentialId, key, text);
      switch (claim.kind) {
        case 'mismatch':
          endResponse(
            errorResponse(fetchAPI.Response, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body.'),
          );
          return;
        case 'in_progress':
          endResponse(
            errorResponse(fetchAPI.Response, 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still in progress.', {
              headers: { 'retry-after': '1' },
              extensions: { retryAfterSeconds: 1 },
            }),
          );
          return;
        case 'replay': {
          // Same negotiation as the GraphQL server: the newer media type when the client accepts it.
          const type = (request.headers.get('accept') ?? '').includes('application/graphql-response+json')
            ? 'application/graphql-response+json'
            : 'application/json';
          endResponse(
            new fetchAPI.Response(claim.body, {
              status: claim.status,
              headers: { 'content-type': `${type}; charset=utf-8`, 'idempotent-replayed': 'true' },
            }),
          );
          return;
        }
        case 'new':
          break;
      }
      const recordId = claim.recordId;
      setRequestHandler(async (req, context) => {
        let response: Response;
        try {
          response = await requestHandler(req, context);
        } catch (error) {
          await idempotency.release(recordId);
          throw error;
        }
        if (isStream(response)) {
          await idempotency.release(recordId);
          return response;
        }
        const answer = await response.text();
        if (failedUnexpectedly(response.status, answer) && rootMutationFields(text) === 1) await idempotency.release(recordId);
        else await idempotency.complete(recordId, response.status, answer);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          if (name !== 'content-length') headers[name] = value;
        });
        return new fetchAPI.Response(answer, { status: response.status, headers });
      });
    },
  };
}
