/**
 * TypeIDs: `prefix_` + a UUIDv7 in Crockford base32. They are globally unique, sort by creation
 * time, and they are the Relay global ids (the prefix says the type).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { TypeID } from 'typeid-js';

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
  delegation: 'dlg',
  backchannelRequest: 'bcr',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 that is monotonic within this process: ids made in the same millisecond count up in
 * the 12 `rand_a` bits, so "newest first" by id holds even for rows written in one transaction.
 */
function uuidv7(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    sequence += 1;
    if (sequence > 0xfff) {
      ms += 1;
      sequence = 0;
    }
  } else {
    sequence = randomBytes(1)[0]! & 0x7f;
  }
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new TypeID for the given kind of object, e.g. `newId('organization')` → `org_01jd…`. */
export function newId(kind: IdKind): string {
  return TypeID.fromUUID(ID_PREFIXES[kind], uuidv7()).toString();
}

const KIND_BY_PREFIX = new Map<string, IdKind>(
  Object.entries(ID_PREFIXES).map(([kind, prefix]) => [prefix, kind as IdKind]),
);

/** The kind of a well-formed TypeID with a known prefix, or null for anything else. */
export function idKind(id: string): IdKind | null {
  if (typeof id !== 'string' || id.length > 100) return null;
  try {
    const parsed = TypeID.fromString(id);
    return KIND_BY_PREFIX.get(parsed.getType()) ?? null;
  } catch {
    return null;
  }
}

/** True when `id` is a well-formed TypeID of the given kind. */
export function isIdOf(kind: IdKind, id: string): boolean {
  return idKind(id) === kind;
}
