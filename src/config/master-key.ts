/**
 * The master key that encrypts private keys at rest. From AUTHGRAPH_MASTER_KEY (32 bytes,
 * base64url or hex); for the embedded default it is generated once into DATA_DIR/master.key
 * (mode 0600, in a 0700 directory: see ./data-dir.ts). With PostgreSQL it must be configured: several nodes need the same key, and a
 * node must never sign with a key it made up (SECURITY-CASES FT-16).
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { prepareDataDir } from './data-dir.js';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './env.js';

export function decodeMasterKey(value: string): Uint8Array {
  const text = value.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64url');
  if (bytes.length !== 32) throw new Error('AUTHGRAPH_MASTER_KEY must be 32 bytes (64 hex characters or 43 base64url characters)');
  return bytes;
}

export function resolveMasterKey(config: Config): Uint8Array {
  if (config.masterKey) return decodeMasterKey(config.masterKey);
  if (config.database.kind === 'postgres') {
    throw new Error(
      'AUTHGRAPH_MASTER_KEY is required with DATABASE_URL (every node must share it); generate one with: openssl rand -hex 32',
    );
  }
  if (!config.database.dataDir) return randomBytes(32); // in-memory database: nothing outlives the process
  prepareDataDir(config.database.dataDir);
  const file = join(config.database.dataDir, 'master.key');
  if (existsSync(file)) return decodeMasterKey(readFileSync(file, 'utf8'));
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
