/**
 * Reads the credential of a request: HTTP Basic `key_id:secret` (RFC 7617), or one bearer string
 * in `Authorization: Bearer …` or `X-API-Key: …` — an API key token (agk_…), a personal token
 * (agp_…), or a JWT access token. A header that is there but unreadable is "malformed".
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseToken } from '../lib/key-format.js';

export type PresentedCredential =
  | { kind: 'api_key'; id: string; secret: string; scheme: 'basic' | 'bearer' }
  | { kind: 'personal_token'; id: string; secret: string }
  /** `scheme`: `Authorization: Bearer` (or X-API-Key), or `Authorization: DPoP` (RFC 9449 §7.1) */
  | { kind: 'jwt'; token: string; scheme: 'bearer' | 'dpop' }
  | { kind: 'none' }
  | { kind: 'malformed' };

const JWT_SHAPE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}$/;

function readBearer(token: string): PresentedCredential {
  if (token.startsWith('agk_') || token.startsWith('agp_')) {
    const parsed = parseToken(token);
    if (!parsed) return { kind: 'malformed' };
    return parsed.kind === 'agk'
      ? { kind: 'api_key', id: parsed.id, secret: parsed.secret, scheme: 'bearer' }
      : { kind: 'personal_token', id: parsed.id, secret: parsed.secret };
  }
  if (token.length <= 8192 && JWT_SHAPE.test(token)) return { kind: 'jwt', token, scheme: 'bearer' };
  return { kind: 'malformed' };
}

export function readCredential(headers: IncomingHttpHeaders): PresentedCredential {
  const authorization = headers.authorization;
  const apiKeyHeader = headers['x-api-key'];
  if (authorization && apiKeyHeader) return { kind: 'malformed' };
  if (typeof apiKeyHeader === 'string') return readBearer(apiKeyHeader.trim());
  if (!authorization) return { kind: 'none' };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return readBearer(bearer[1]!);
  // RFC 9449 §7.1: a DPoP-bound access token (only JWT access tokens can be bound)
  const dpop = /^DPoP\s+(\S+)\s*$/i.exec(authorization);
  if (dpop) {
    const read = readBearer(dpop[1]!);
    return read.kind === 'jwt' ? { ...read, scheme: 'dpop' } : { kind: 'malformed' };
  }
  const basic = /^Basic\s+([A-Za-z0-9+/=._-]+)\s*$/i.exec(authorization);
  if (!basic) return { kind: 'malformed' };
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at <= 0 || at === decoded.length - 1) return { kind: 'malformed' };
  return { kind: 'api_key', id: decoded.slice(0, at), secret: decoded.slice(at + 1), scheme: 'basic' };
}
