/** Secrets, hashing and constant-time comparison. @module */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A high-entropy secret: 32 random bytes, base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
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
