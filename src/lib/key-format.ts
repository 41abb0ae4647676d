/**
 * The single-string form of a credential, for `Authorization: Bearer …` and `X-API-Key: …`:
 *
 *   agk_<26-char id suffix><43-char secret>_<6-char checksum>   an API key (key_…)
 *   agp_<26-char id suffix><43-char secret>_<6-char checksum>   a personal token (ptk_…)
 *
 * The id suffix is the TypeID suffix of the credential, so the string names its record; the
 * checksum is CRC-32 of everything before it, in base62, so a secret scanner can tell a real
 * credential from random text offline (the scheme GitHub uses for its tokens). Scanner pattern:
 * `ag[kp]_[0-9a-hjkmnp-tv-z]{26}[A-Za-z0-9_-]{43}_[0-9A-Za-z]{6}`.
 * @module
 */
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PATTERN = /^(ag[kp])_([0-9a-hjkmnp-tv-z]{26})([A-Za-z0-9_-]{43})_([0-9A-Za-z]{6})$/;

/** Token prefix → the TypeID prefix of the record it names. */
const KINDS = { agk: 'key', agp: 'ptk' } as const;
export type TokenKind = keyof typeof KINDS;

function base62(value: number, width: number): string {
  let out = '';
  let n = value >>> 0;
  for (let i = 0; i < width; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

const checksum = (body: string) => base62(crc32(body), 6);

/** Builds the bearer string of credential `key_…` / `ptk_…` with its 43-character base64url secret. */
export function formatToken(kind: TokenKind, id: string, secret: string): string {
  const body = `${kind}_${id.slice(KINDS[kind].length + 1)}${secret}`;
  return `${body}_${checksum(body)}`;
}

/** Parses a bearer string: its kind, record id and secret, or null when the shape or checksum is wrong. */
export function parseToken(token: string): { kind: TokenKind; id: string; secret: string } | null {
  const match = PATTERN.exec(token);
  if (!match) return null;
  const [, kind, suffix, secret, sum] = match as unknown as [string, TokenKind, string, string, string];
  if (checksum(`${kind}_${suffix}${secret}`) !== sum) return null;
  return { kind, id: `${KINDS[kind]}_${suffix}`, secret };
}
