/**
 * Plain node:http helpers: bounded body reading, JSON responses and transport errors in their one
 * body shape (lib/transport-errors.ts), written to a node response or built as a fetch Response
 * for yoga plugins.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRANSPORT_ERRORS, transportErrorBody, type TransportCode, type TransportErrorExtensions } from '../lib/transport-errors.js';

export class BodyTooLargeError extends Error {}

/** Reads the request body, refusing more than `limit` bytes (a client cannot make us buffer without bound). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLargeError());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering but keep reading (and discarding) so the 413 can still be written;
        // the response closes the connection.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** What a transport error adds to its code and message: headers, and extensions of the body. */
export interface TransportErrorOptions {
  headers?: Record<string, string>;
  extensions?: TransportErrorExtensions;
}

/** Answers a transport error: the code's status, the one error body (lib/transport-errors.ts). */
export function sendError(res: ServerResponse, code: TransportCode, message: string, options: TransportErrorOptions = {}): number {
  const status = TRANSPORT_ERRORS[code];
  sendJson(res, status, transportErrorBody(code, message, options.extensions), options.headers);
  return status;
}

/** The same answer as a fetch Response (yoga plugins end a request with it). */
export function errorResponse(
  ResponseCtor: typeof Response,
  code: TransportCode,
  message: string,
  options: TransportErrorOptions = {},
): Response {
  const text = JSON.stringify(transportErrorBody(code, message, options.extensions));
  return new ResponseCtor(text, {
    status: TRANSPORT_ERRORS[code],
    headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
  });
}
