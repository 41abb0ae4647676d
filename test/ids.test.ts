/**
 * TypeIDs over uuid's v7 (src/lib/ids.ts): RFC 9562 UUIDv7 (version 7, variant 10), monotonic within
 * the process — ids made in one burst (many per millisecond) sort in the order they were made, so
 * "newest first" by id holds for rows of one transaction — and the prefix names the kind.
 */
import { describe, expect, it } from 'vitest';
import { TypeID } from 'typeid-js';
import { ID_PREFIXES, idKind, isIdOf, newId, type IdKind } from '../src/lib/ids.js';

describe('newId', () => {
  it('makes RFC 9562 version 7 UUIDs whose time is now', () => {
    const before = Date.now();
    const uuid = TypeID.fromString(newId('user')).toUUID();
    const after = Date.now();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('is strictly increasing within the process, across kinds, many per millisecond', () => {
    const kinds = Object.keys(ID_PREFIXES) as IdKind[];
    const uuids = Array.from({ length: 20_000 }, (_, i) => TypeID.fromString(newId(kinds[i % kinds.length]!)).toUUID());
    // more ids than milliseconds passed: the sequence, not the clock, ordered most of them
    expect(new Set(uuids.map((u) => u.slice(0, 13))).size).toBeLessThan(uuids.length);
    expect(uuids.findIndex((u, i) => i > 0 && u <= uuids[i - 1]!)).toBe(-1);
    // and so do the TypeIDs of one kind, as strings (Crockford base32 keeps the order)
    const orgs = Array.from({ length: 1000 }, () => newId('organization'));
    expect([...orgs].sort()).toEqual(orgs);
  });

  it('names its kind, and idKind refuses what is not one of ours', () => {
    for (const kind of Object.keys(ID_PREFIXES) as IdKind[]) {
      const id = newId(kind);
      expect(id.startsWith(`${ID_PREFIXES[kind]}_`)).toBe(true);
      expect(idKind(id)).toBe(kind);
      expect(isIdOf(kind, id)).toBe(true);
    }
    expect(idKind('nope_01h2xcejqtf2nbrexx3vqjhp41')).toBeNull();
    expect(idKind('usr_not-base32')).toBeNull();
    expect(idKind('x'.repeat(200))).toBeNull();
  });
});
