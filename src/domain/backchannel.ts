/**
 * Storage of CIBA requests (src/oauth/ciba/): lookups by id (the approval page) and by the hash
 * of `auth_req_id` (the token endpoint), the user a `login_hint` names, and one transaction with
 * the event recorder (each decision and its event commit together).
 * @module
 */
import type { BackchannelRequest } from '../generated/prisma/client.js';
import type { Tx } from '../data/database.js';
import { isIdOf } from '../lib/ids.js';
import type { NewEvent } from './events.js';
import type { ServiceDeps } from './deps.js';

export function createBackchannelStore(deps: Pick<ServiceDeps, 'prisma' | 'recordEvent'>) {
  const { prisma, recordEvent } = deps;
  return {
    byId: (id: string): Promise<BackchannelRequest | null> => prisma.backchannelRequest.findUnique({ where: { id } }),
    byHash: (authReqIdHash: string): Promise<BackchannelRequest | null> =>
      prisma.backchannelRequest.findUnique({ where: { authReqIdHash } }),
    /** The active user of the issuer a CIBA `login_hint` names: a user id, or a username (as entered). */
    findUser: (issuerId: string, hint: string): Promise<{ id: string } | null> =>
      prisma.user.findFirst({
        where: { issuerId, status: 'active', ...(isIdOf('user', hint) ? { id: hint } : { username: hint }) },
        select: { id: true },
      }),
    transaction: <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => prisma.$transaction(fn),
    recordEvent: (tx: Tx, event: NewEvent) => recordEvent(tx, event),
  };
}
