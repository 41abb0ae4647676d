/** Event payloads: a JSON copy of a row with dates as ISO strings and secrets left out. @module */
import type { Prisma } from '../generated/prisma/client.js';

const NEVER = new Set(['secretHash', 'previousSecretHash', 'passwordHash', 'totpSecretEnc', 'totpPendingSecretEnc', 'backupCodeHashes', 'tokenHash', 'privateJwkEnc', 'secretEnc', 'previousSecretEnc']);

export function snapshot(row: object): Prisma.InputJsonObject {
  const out: Record<string, Prisma.InputJsonValue | null> = {};
  for (const [key, value] of Object.entries(row)) {
    if (NEVER.has(key) || value === undefined) continue;
    if (value instanceof Date) out[key] = value.toISOString();
    else if (typeof value === 'bigint') out[key] = value.toString();
    else out[key] = value as Prisma.InputJsonValue | null;
  }
  return out as Prisma.InputJsonObject;
}
