/**
 * TypeIDs: `prefix_` + a UUIDv7 in Crockford base32. They are globally unique, sort by creation
 * time, and they are the Relay global ids (the prefix says the type).
 *
 * The UUIDv7 comes from `uuid`'s `v7()`: monotonic within this process (RFC 9562 §6.2: ids made
 * in the same millisecond count up in a 32-bit sequence seeded at random each millisecond, and the
 * timestamp moves on when it overflows), so "newest first" by id holds even for rows written in
 * one transaction.
 * @module
 */
import { TypeID } from 'typeid-js';
import { v7 as uuidv7 } from 'uuid';

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

/** A new TypeID for the given kind of object, e.g. `newId('organization')` → `org_01jd…`. */
export function newId(kind: IdKind): string {
  return TypeID.fromUUID(ID_PREFIXES[kind], uuidv7()).toString();
}

const KIND_BY_PREFIX = new Map<string, IdKind>(Object.entries(ID_PREFIXES).map(([kind, prefix]) => [prefix, kind as IdKind]));

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
