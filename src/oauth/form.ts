/**
 * `application/x-www-form-urlencoded` bodies of the OAuth endpoints. A parameter sent twice is
 * an error (RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once").
 * @module
 */
import { InvalidRequest } from './errors.js';

export function parseForm(contentType: string | undefined, body: Buffer): Map<string, string> {
  if (!contentType || !contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new InvalidRequest('the body must be application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams(body.toString('utf8'));
  const out = new Map<string, string>();
  for (const [name, value] of params) {
    if (out.has(name)) throw new InvalidRequest(`parameter "${name.slice(0, 40)}" is included more than once`);
    if (value !== '') out.set(name, value);
  }
  return out;
}
