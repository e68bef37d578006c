import type { AuditEvent } from '../../domain/audit-event.js';
import type { AuditEventBus, BusEntry } from '../../ports/audit-event-bus.js';

/** EventBridge's `source` for every audit event. */
export const AUDIT_SOURCE = 'bucket-key';
/** The `detail-type` of a change to an item already on the chain: that is tampering, and a SIEM should hear of it. */
export const CHAIN_ITEM_CHANGED = 'audit_chain_item_changed';

/** One change to the chain's partition, from DynamoDB Streams. */
export interface ChainChange {
  /** The stream record's sequence number: what a failed record is reported by. */
  id: string;
  change: 'INSERT' | 'MODIFY' | 'REMOVE';
  newEvent?: AuditEvent;
  oldEvent?: AuditEvent;
}

/**
 * The `detail` of an appended event: the event exactly as stored (its hash recomputes from it), its
 * seq and hash on top for consumers that dedupe and verify, and the schema it follows.
 */
export function detailOf(event: AuditEvent): string {
  return JSON.stringify({
    schema: 'bucket-key/audit-event/1',
    seq: event.seq,
    hash: event.hash,
    prevHash: event.prevHash,
    event,
  });
}

function entryOf(change: ChainChange): BusEntry | undefined {
  if (change.change === 'INSERT' && change.newEvent)
    return {
      source: AUDIT_SOURCE,
      detailType: change.newEvent.type,
      detail: detailOf(change.newEvent),
      time: change.newEvent.at,
    };
  const seq = change.newEvent?.seq ?? change.oldEvent?.seq;
  if (seq === undefined) return undefined;
  return {
    source: AUDIT_SOURCE,
    detailType: CHAIN_ITEM_CHANGED,
    detail: JSON.stringify({
      schema: 'bucket-key/audit-chain-item-changed/1',
      seq,
      change: change.change,
      ...(change.oldEvent ? { oldHash: change.oldEvent.hash, old: change.oldEvent } : {}),
      ...(change.newEvent ? { newHash: change.newEvent.hash, new: change.newEvent } : {}),
    }),
    time: new Date().toISOString(),
  };
}

/**
 * Publishes each change to the chain's partition, in order: an appended event as itself, anything
 * else (an event overwritten or deleted) as `audit_chain_item_changed`. Returns the id of the first
 * change the bus did not take: the stream retries from there (earlier ones are not sent again, later
 * ones may be: at least once, deduped on `seq`).
 */
export async function publishChainChanges(
  bus: AuditEventBus,
  changes: readonly ChainChange[],
): Promise<string | undefined> {
  const entries: BusEntry[] = [];
  const ids: string[] = [];
  for (const change of changes) {
    const entry = entryOf(change);
    if (!entry) continue;
    entries.push(entry);
    ids.push(change.id);
  }
  const failed = await bus.publish(entries);
  const first = Math.min(...failed);
  return Number.isFinite(first) ? ids[first] : undefined;
}
