/** Assertions on the one body shape of transport errors (src/lib/transport-errors.ts). */
import { expect } from 'vitest';
import { TRANSPORT_ERRORS, type TransportCode } from '../../src/lib/transport-errors.js';

/** Reads `res` and checks it is the transport error `code`: its status, JSON, the one shape. Returns the error's extensions. */
export async function expectTransportError(res: Response, code: TransportCode): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect(res.status, text).toBe(TRANSPORT_ERRORS[code]);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  expect(Object.keys(body)).toEqual(['errors']);
  expect(body.errors).toHaveLength(1);
  expect(typeof body.errors[0]!.message).toBe('string');
  expect(body.errors[0]!.extensions.code).toBe(code);
  return body.errors[0]!.extensions;
}
