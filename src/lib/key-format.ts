/**
 * The single-string form of an API key, for `Authorization: Bearer …` and `X-API-Key: …`:
 *
 *   agk_<26-char key id suffix><43-char secret>_<6-char checksum>
 *
 * The key id suffix is the TypeID suffix of `key_…`, so the string names its key; the checksum
 * is CRC-32 of everything before it, in base62, so a secret scanner can tell a real key from
 * random text offline (the scheme GitHub uses for its tokens). Scanner pattern:
 * `agk_[0-9a-hjkmnp-tv-z]{26}[A-Za-z0-9_-]{43}_[0-9A-Za-z]{6}`.
 * @module
 */
import { crc32 } from 'node:zlib';

const PREFIX = 'agk_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PATTERN = /^agk_([0-9a-hjkmnp-tv-z]{26})([A-Za-z0-9_-]{43})_([0-9A-Za-z]{6})$/;

function base62(value: number, width: number): string {
  let out = '';
  let n = value >>> 0;
  for (let i = 0; i < width; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62(crc32(body), 6);
}

/** Builds the bearer string of key `key_<suffix>` with its 43-character base64url secret. */
export function formatKeyToken(keyId: string, secret: string): string {
  const suffix = keyId.slice('key_'.length);
  const body = `${PREFIX}${suffix}${secret}`;
  return `${body}_${checksum(body)}`;
}

/** Parses a bearer string: the key id and secret, or null when the shape or checksum is wrong. */
export function parseKeyToken(token: string): { keyId: string; secret: string } | null {
  const match = PATTERN.exec(token);
  if (!match) return null;
  const [, suffix, secret, sum] = match;
  if (checksum(`${PREFIX}${suffix}${secret}`) !== sum) return null;
  return { keyId: `key_${suffix}`, secret: secret! };
}
