import { GENESIS_HASH, hashEvent } from './audit-chain.js';
import type { AuditEvent } from './audit-event.js';

/**
 * Where an item read from an index stands with respect to the chain:
 * - `intact`: on the chain (its neighbours link through it) and its fields match its hash;
 * - `edited`: on the chain, but its fields no longer match its hash (shown, and marked);
 * - `outside`: not an event of the chain (a sequence number the chain never gives out, or neighbours
 *   that do not link through it); never shown as an event.
 */
export type Standing = 'intact' | 'edited' | 'outside';

/** A sequence number the chain gives out: 1, 2, 3… */
export function isChainSeq(seq: unknown): seq is number {
  return typeof seq === 'number' && Number.isInteger(seq) && seq >= 1;
}

/**
 * Judges one item by its two neighbours on the chain (`seq - 1` and `seq + 1`, when they exist). The
 * successor commits to the item's hash; with no successor (the head, or a removed one), the item must
 * commit to its predecessor's hash (or to the genesis hash at seq 1).
 */
export function standingOf(
  event: AuditEvent,
  neighbours: ReadonlyMap<number, Pick<AuditEvent, 'hash' | 'prevHash'>>,
): Standing {
  if (!isChainSeq(event.seq)) return 'outside';
  const successor = neighbours.get(event.seq + 1);
  const predecessor = neighbours.get(event.seq - 1);
  const linked = successor
    ? successor.prevHash === event.hash
    : predecessor
      ? predecessor.hash === event.prevHash
      : event.seq === 1 && event.prevHash === GENESIS_HASH;
  if (!linked) return 'outside';
  return hashEvent(event) === event.hash ? 'intact' : 'edited';
}

/** The neighbours `standingOf` needs for these events, less those already at hand. */
export function neighbourSeqs(events: readonly AuditEvent[]): number[] {
  const have = new Set(events.map((event) => event.seq));
  const wanted = new Set<number>();
  for (const { seq } of events) {
    if (!isChainSeq(seq)) continue;
    for (const next of [seq - 1, seq + 1]) if (next >= 1 && !have.has(next)) wanted.add(next);
  }
  return [...wanted].sort((a, b) => a - b);
}
