/** Secrets, hashing and constant-time comparison. @module */
import { createHash, randomFillSync, timingSafeEqual } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once: one call into OpenSSL serves many secrets and ids. */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * `length` bytes (1–256) from the operating system's CSPRNG, as `crypto.randomBytes(length)`
 * would give, drawn from a 4 KiB buffer refilled by `randomFillSync` when spent. Each call into
 * OpenSSL costs ~5 µs here whatever its size (measured on the 2-vCPU machine: 16 bytes and
 * 4 096 bytes alike), so one fill serves ~128 token secrets; Node's `randomUUID` pools the same
 * way. Every byte is handed out once and zeroed in the pool as it leaves.
 * @throws RangeError when `length` is outside 1–256
 */
export function randomBytesPooled(length: number): Buffer {
  if (!Number.isInteger(length) || length < 1 || length > 256) throw new RangeError(`randomBytesPooled: length ${length} is not 1–256`);
  if (poolOffset + length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + length));
  pool.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
  return out;
}

/** A high-entropy secret: `bytes` (default 32, at most 256) random bytes, base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytesPooled(bytes).toString('base64url');
}

/**
 * SHA-256 hex digest. Right for high-entropy secrets (keys, client secrets, refresh tokens):
 * they cannot be guessed, so a slow hash would only add a denial-of-service lever.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares a presented secret with a stored SHA-256 hex digest in constant time. */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(sha256Hex(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
