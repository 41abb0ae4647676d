/**
 * Request parameters of the OAuth endpoints: `application/x-www-form-urlencoded` bodies and query
 * strings. A parameter sent twice is an error (RFC 6749 §3.1: "Request and response parameters
 * MUST NOT be included more than once"); the navigation endpoints (authorize, end_session) read
 * parameters leniently instead and judge repeats themselves, because where their error may go
 * depends on which parameter was repeated (./authorize/request.ts).
 * @module
 */
import { InvalidRequest } from './errors.js';

/** Parameters by name (first value; empty values dropped) and the names that came more than once. */
export interface Params {
  params: Map<string, string>;
  repeated: Set<string>;
  /** every value of a parameter that may be sent more than once (MULTI_VALUED), in order */
  lists: Map<string, string[]>;
}

/**
 * Parameters that may legitimately repeat: `resource` (RFC 8707 §2: "may be used multiple
 * times"). Every value is kept in `lists`; `params` holds the first.
 */
export const MULTI_VALUED: ReadonlySet<string> = new Set(['resource']);

/** Reads name/value pairs; `strict` throws invalid_request for a repeated name. */
export function collectParams(pairs: Iterable<[string, string]>, strict: boolean): Params {
  const params = new Map<string, string>();
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const lists = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    if (MULTI_VALUED.has(name)) {
      if (value === '') continue;
      lists.set(name, [...(lists.get(name) ?? []), value]);
      if (!params.has(name)) params.set(name, value);
      continue;
    }
    if (seen.has(name)) {
      if (strict) throw new InvalidRequest(`parameter "${name.slice(0, 40)}" is included more than once`);
      repeated.add(name);
      continue;
    }
    seen.add(name);
    if (value !== '') params.set(name, value);
  }
  return { params, repeated, lists };
}

/**
 * The parameters of a POST body. An empty body (no parameters at all) is accepted whatever its
 * content type — a userinfo POST carries its token in the Authorization header and may have no
 * body (OIDC Core §5.3.1) — anything else must be form-urlencoded.
 */
export function parseForm(contentType: string | undefined, body: Buffer, strict = true): Params {
  if (body.length === 0) return { params: new Map(), repeated: new Set(), lists: new Map() };
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new InvalidRequest('the body must be application/x-www-form-urlencoded');
  }
  return collectParams(new URLSearchParams(body.toString('utf8')), strict);
}

/** The parameters of a query string (`url` is a request target such as `/x/authorize?a=b`). */
export function parseQuery(url: string | undefined, strict = true): Params {
  return collectParams(new URL(url ?? '/', 'http://x').searchParams, strict);
}
