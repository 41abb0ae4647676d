/** Outbox events made in memory, for tests that feed event streams or the bus directly. @module */
import { newId } from '../../src/lib/ids.js';
import type { OutboxEvent } from '../../src/events/outbox.js';

/**
 * A system-made event of `accountId` at position (txid, seq) = (1, `seq`), with no data; any
 * field can be overridden (`type`, `organizationId`, `position`…). `seq` is also its `seq` column.
 */
export function outboxEvent(accountId: string, seq: number, overrides: Partial<OutboxEvent> = {}): OutboxEvent {
  return {
    id: newId('event'),
    seq: BigInt(seq),
    accountId,
    issuerId: null,
    organizationId: null,
    actorOnBehalfOf: null,
    type: 'organization.created',
    source: `/accounts/${accountId}`,
    subject: null,
    actorType: 'system',
    actorId: null,
    data: {},
    metered: false,
    time: new Date(),
    position: { txid: 1n, seq: BigInt(seq) },
    ...overrides,
  } as OutboxEvent;
}
