import type { PostedHead } from '../domain/audit-chain.js';
import type { AuditEvent, NewAuditEvent } from '../domain/audit-event.js';
import type { AuditSubject, ExportTarget } from '../domain/command.js';

export interface AuditPage {
  events: AuditEvent[];
  /** Opaque; pass back to read the next page. Absent on the last page. */
  cursor?: string;
}

export interface AuditQuery {
  subject: AuditSubject;
  /** Only events at or after this ISO time. */
  since?: string;
  pageSize: number;
  cursor?: string;
}

/** What an export reads: one index, or the whole chain. */
export type AuditSelection = ExportTarget;

/** An event's id and time, fixed when it was handed over, so that a late append keeps when it happened. */
export interface RecordedAt {
  eventId: string;
  at: string;
}

/** What became of an event handed over: on the chain now, or held in the outbox for the drainer. */
export type HandOver = { kind: 'appended'; event: AuditEvent } | { kind: 'deferred'; eventId: string };

/** What one drain of the outbox did. */
export interface DrainReport {
  appended: number;
  /** Left for the next drain (its append failed again, or another drainer holds it). */
  left: number;
}

/**
 * Append-only: events are added, never changed or removed. The events form one hash chain: each
 * append takes the next sequence number and links to the head's hash (src/domain/audit-chain.ts).
 */
export interface AuditLog {
  append(event: NewAuditEvent, recorded?: RecordedAt): Promise<AuditEvent>;
  /**
   * Hands an event over for the chain: appended now or, when the chain cannot take it, kept in an
   * outbox and appended by `drainOutbox` later. Throws only when neither took it (fail closed).
   * Without an outbox it is `append`.
   */
  handOver(event: NewAuditEvent): Promise<HandOver>;
  /** Appends what the outbox holds, oldest first; nothing to do without one. */
  drainOutbox(): Promise<DrainReport>;
  /**
   * Newest first; one Query per page, on an index. Only items of the chain's partition come back, but
   * an index cannot tell an event of the chain from an item put beside it: views check each item with
   * `eventsAt` (services/audit/chain-view.ts) before showing it.
   */
  query(query: AuditQuery): Promise<AuditPage>;
  /** The chain's events at these sequence numbers, read by key (strongly consistent); absent ones are left out. */
  eventsAt(seqs: readonly number[]): Promise<AuditEvent[]>;
  /** The newest event of the chain, if any. */
  head(): Promise<AuditEvent | undefined>;
  /** The chain newest first, a batch of events at a time (read ahead in parallel); the caller stops when it has enough. */
  chainNewestFirst(): AsyncIterable<AuditEvent[]>;
  /**
   * The chain oldest first from `fromSeq` (without it, from below seq 1, so that an item put under
   * the chain is read too), a batch at a time, read ahead in parallel.
   */
  chainOldestFirst(fromSeq?: number): AsyncIterable<AuditEvent[]>;
  /** Events oldest first, page by page, for an export (checked as `query`'s are before they are shown). */
  exportPages(selection: AuditSelection, since?: string): AsyncIterable<AuditEvent[]>;
  /**
   * Records the head posted to Slack on `day` (YYYY-MM-DD); true for the one caller that recorded it,
   * false when that day's head was already recorded (another sweep won).
   */
  recordPostedHead(head: PostedHead): Promise<boolean>;
  /** Every head posted so far, oldest first. */
  postedHeads(): Promise<PostedHead[]>;
}
