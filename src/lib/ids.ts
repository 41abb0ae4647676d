/**
 * TypeIDs: `prefix_` + a UUIDv7 in Crockford base32. They are globally unique, sort by creation
 * time, and they are the Relay global ids (the prefix says the type).
 *
 * The UUIDv7 is laid out by `uuid`'s `v7()` and monotonic within this process (RFC 9562 §6.2,
 * method 1: ids made in the same millisecond count up in a 31-bit sequence seeded at random each
 * millisecond, and the timestamp moves on when it overflows), so "newest first" by id holds even
 * for rows written in one transaction. `v7()` keeps that state itself only when it draws its own
 * random bytes, one call into OpenSSL per id (~5 µs here, the largest part of an id); so the
 * state is kept here (the same rule as uuid's) and the bytes come from the pooled CSPRNG
 * (lib/crypto.ts).
 * @module
 */
import { fromString, fromUUIDBytes, getType } from 'typeid-js';
import { v7 as uuidv7 } from 'uuid';
import { randomBytesPooled } from './crypto.js';

export const ID_PREFIXES = {
  account: 'acct',
  issuer: 'i',
  organization: 'org',
  organizationDomain: 'dom',
  ssoConnection: 'sso',
  user: 'usr',
  membership: 'mem',
  invitation: 'inv',
  client: 'c',
  agent: 'agt',
  agentVerifier: 'agv',
  apiKey: 'key',
  personalToken: 'ptk',
  session: 's',
  refreshToken: 'rt',
  authorizationCode: 'code',
  signingKey: 'kid',
  event: 'evt',
  webhookEndpoint: 'wh',
  webhookDelivery: 'whd',
  webhookAttempt: 'wha',
  idempotency: 'idem',
  resource: 'res',
  grant: 'grt',
  delegation: 'dlg',
  backchannelRequest: 'bcr',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

/** The last UUIDv7's millisecond and sequence (RFC 9562 §6.2, method 1). */
const v7State = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

/**
 * A new UUIDv7 (its 16 bytes), monotonic within this process: a later millisecond reseeds the 31-bit
 * sequence from the random bytes (as uuid's own state does), the same or an earlier one (the
 * clock stepped back) counts up from the last id, moving the timestamp on when the count wraps.
 * `now` is for tests: a time ahead of the clock holds every later id of the process at that time
 * until the clock catches up.
 */
export function uuidV7Bytes(now = Date.now()): Uint8Array {
  const random = randomBytesPooled(16);
  if (now > v7State.msecs) {
    v7State.msecs = now;
    v7State.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    v7State.seq = (v7State.seq + 1) | 0;
    if (v7State.seq === 0) v7State.msecs++;
  }
  return uuidv7({ random, msecs: v7State.msecs, seq: v7State.seq }, new Uint8Array(16));
}

/** A new TypeID for the given kind of object, e.g. `newId('organization')` → `org_01jd…`. */
export function newId(kind: IdKind): string {
  // typeid-js's unboxed functions: the same encoding without a TypeID object and a UUID string between
  return fromUUIDBytes(ID_PREFIXES[kind], uuidV7Bytes());
}

const KIND_BY_PREFIX = new Map<string, IdKind>(Object.entries(ID_PREFIXES).map(([kind, prefix]) => [prefix, kind as IdKind]));

/** The kind of a well-formed TypeID with a known prefix, or null for anything else. */
export function idKind(id: string): IdKind | null {
  if (typeof id !== 'string' || id.length > 100) return null;
  try {
    return KIND_BY_PREFIX.get(getType(fromString(id))) ?? null;
  } catch {
    return null;
  }
}

/** True when `id` is a well-formed TypeID of the given kind. */
export function isIdOf(kind: IdKind, id: string): boolean {
  return idKind(id) === kind;
}
