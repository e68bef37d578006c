import type { NewAuditEvent } from '../domain/audit-event.js';
import type { RecordedAt } from './audit-log.js';

/** An event the chain could not take when it was handed over, waiting to be appended. */
export interface PendingAuditEvent {
  event: NewAuditEvent;
  /** Its id and time, fixed at hand-over: the late append keeps them. */
  recorded: RecordedAt;
  /** Why the first append failed (an error name), for `audit_append_retried`. */
  firstFailure: string;
  attempts: number;
}

/** A drainer's hold on one pending event: while it lasts no other drainer appends it. */
export interface OutboxClaim {
  token: string;
  until: string;
  /** The chain's head when the hold was taken: an earlier holder that died may have appended after it. */
  headSeq: number;
  /** The head at the previous, lapsed hold, if there was one: look for the event after it before appending again. */
  previousHeadSeq?: number;
}

/**
 * Where an audit event goes when the chain cannot take it, so that nothing handed over is lost: kept
 * apart from the audit table (the requests table, in DynamoDB), drained onto the chain by every sweep.
 */
export interface AuditOutbox {
  put(pending: PendingAuditEvent): Promise<void>;
  /** Pending events due for an attempt, oldest first. */
  due(now: string, limit: number): Promise<PendingAuditEvent[]>;
  /** Takes the hold on one; undefined when another drainer holds it or it is done. */
  claim(
    eventId: string,
    claim: Omit<OutboxClaim, 'previousHeadSeq'>,
    now: string,
  ): Promise<OutboxClaim | undefined>;
  /** Appended at `seq`: it leaves the outbox (kept, marked, for the record). */
  done(eventId: string, token: string, seq: number): Promise<void>;
  /** Not appended this time: try again at `retryAt`. */
  release(eventId: string, token: string, retryAt: string): Promise<void>;
}
