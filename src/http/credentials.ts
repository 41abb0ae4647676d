/** Reads a credential from the Authorization header. @module */

export type PresentedCredential = { kind: 'basic'; id: string; secret: string } | { kind: 'none' } | { kind: 'malformed' };

/** HTTP Basic `key_id:secret` (RFC 7617). A header that is there but unreadable is "malformed", not "none". */
export function readCredential(authorization: string | undefined): PresentedCredential {
  if (!authorization) return { kind: 'none' };
  const match = /^Basic\s+([A-Za-z0-9+/=._-]+)\s*$/i.exec(authorization);
  if (!match) return { kind: 'malformed' };
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at <= 0 || at === decoded.length - 1) return { kind: 'malformed' };
  return { kind: 'basic', id: decoded.slice(0, at), secret: decoded.slice(at + 1) };
}
