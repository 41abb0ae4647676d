/**
 * TypeIDs over uuid's v7 (src/lib/ids.ts): RFC 9562 UUIDv7 (version 7, variant 10), monotonic within
 * the process — ids made in one burst (many per millisecond) sort in the order they were made, so
 * "newest first" by id holds for rows of one transaction — and the prefix names the kind.
 */
import { describe, expect, it } from 'vitest';
import { TypeID } from 'typeid-js';
import { ID_PREFIXES, idKind, isIdOf, newId, uuidV7Bytes, type IdKind } from '../src/lib/ids.js';
import { randomBytesPooled, randomSecret } from '../src/lib/crypto.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

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

  it('stays increasing when the clock steps back, and moves the time on when the sequence wraps', () => {
    // later than any id made so far in this process; little enough that later ids (in this worker)
    // are not long ahead of the clock
    const now = Date.now() + 50;
    const first = hex(uuidV7Bytes(now));
    expect(parseInt(first.slice(0, 12), 16)).toBe(now);
    // the clock stepped back a second: ids go on counting from the last one, not from the clock
    const stepped = Array.from({ length: 1000 }, () => hex(uuidV7Bytes(now - 1000)));
    expect([first, ...stepped]).toEqual([first, ...stepped].sort());
    expect(new Set(stepped).size).toBe(1000);
    expect(stepped.every((u) => parseInt(u.slice(0, 12), 16) >= now)).toBe(true);
    // a later millisecond reseeds: its ids are later than all of the above
    const later = hex(uuidV7Bytes(now + 1));
    expect(later > stepped.at(-1)!).toBe(true);
    expect(parseInt(later.slice(0, 12), 16)).toBe(now + 1);
  });
});

describe('randomBytesPooled', () => {
  it('gives the asked length, never the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    // 4 KiB pool: 1 000 draws of 32 bytes refill it several times
    for (let i = 0; i < 1000; i++) {
      const bytes = randomBytesPooled(32);
      expect(bytes.length).toBe(32);
      // a buffer of its own, not a slice of a shared one that other code could read through
      expect(bytes.buffer.byteLength).toBe(32);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(1000);
    // a handed-out buffer is the caller's own: the next draws do not change it
    const kept = randomBytesPooled(16);
    const copy = Buffer.from(kept);
    for (let i = 0; i < 300; i++) randomBytesPooled(16);
    expect(kept.equals(copy)).toBe(true);
    expect(randomSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('looks uniform: every bit value about half the time over 64 KiB', () => {
    const ones = new Array<number>(8).fill(0);
    const draws = 4096;
    for (let i = 0; i < draws; i++)
      for (const byte of randomBytesPooled(16)) for (let bit = 0; bit < 8; bit++) ones[bit]! += (byte >> bit) & 1;
    // 65 536 samples per bit: 0.5 ± 1 % is over 5 standard deviations wide
    for (const count of ones) expect(Math.abs(count / (draws * 16) - 0.5)).toBeLessThan(0.01);
  });

  it('refuses lengths outside 1–256', () => {
    expect(() => randomBytesPooled(0)).toThrow(RangeError);
    expect(() => randomBytesPooled(257)).toThrow(RangeError);
    expect(() => randomBytesPooled(1.5)).toThrow(RangeError);
  });
});
