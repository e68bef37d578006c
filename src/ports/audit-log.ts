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

/**
 * Append-only: events are added, never changed or removed. The events form one hash chain: each
 * append takes the next sequence number and links to the head's hash (src/domain/audit-chain.ts).
 */
export interface AuditLog {
  append(event: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first; one Query per page. */
  query(query: AuditQuery): Promise<AuditPage>;
  /** The newest event of the chain, if any. */
  head(): Promise<AuditEvent | undefined>;
  /** The chain newest first, a batch of events at a time (read ahead in parallel); the caller stops when it has enough. */
  chainNewestFirst(): AsyncIterable<AuditEvent[]>;
  /** Events oldest first, page by page, for an export. */
  exportPages(selection: AuditSelection, since?: string): AsyncIterable<AuditEvent[]>;
  /**
   * Records the head posted to Slack on `day` (YYYY-MM-DD); true for the one caller that recorded it,
   * false when that day's head was already recorded (another sweep won).
   */
  recordPostedHead(head: PostedHead): Promise<boolean>;
  /** Every head posted so far, oldest first. */
  postedHeads(): Promise<PostedHead[]>;
}
