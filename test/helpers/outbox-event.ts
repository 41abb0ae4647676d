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

/**
 * The same event as the outbox SQL returns it (`readOutbox`'s row: the columns plus `txid_text`),
 * for tests that stand in for the database under a replay: an `organization.updated` of
 * `organizationId` at (`txid`, `seq`).
 */
export function outboxRow(accountId: string, organizationId: string, seq: number, txid = 10) {
  const { position: _position, ...columns } = outboxEvent(accountId, seq, { type: 'organization.updated', organizationId });
  return { ...columns, txid_text: String(txid) };
}
