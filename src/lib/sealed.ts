/**
 * Encryption at rest for private keys and webhook secrets: AES-256-GCM under the master key, with
 * the owning record's id as additional authenticated data (a sealed value cannot be moved to
 * another record). Format: `v1.<iv>.<ciphertext+tag>` in base64url.
 * @module
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface Sealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** A 32-byte key for another purpose, derived from the master key (HKDF-SHA256). */
  deriveKey(purpose: string): Uint8Array;
}

export function createSealer(masterKey: Uint8Array): Sealer {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  const key = Buffer.from(masterKey);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    deriveKey(purpose) {
      return new Uint8Array(hkdfSync('sha256', key, Buffer.alloc(0), `authgraph ${purpose}`, 32));
    },
    open(sealed, context) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== 'v1' || !ivText || !bodyText) throw new Error('unreadable sealed value');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}
