import { randomBytes } from 'node:crypto';
import type { PostedHead } from '../../domain/audit-chain.js';
import type { AuditEvent, NewAuditEvent } from '../../domain/audit-event.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { METRIC } from '../../domain/metric-names.js';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditSelection,
  DrainReport,
  HandOver,
  RecordedAt,
} from '../../ports/audit-log.js';
import type { AuditOutbox, OutboxClaim, PendingAuditEvent } from '../../ports/audit-outbox.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import { describeError } from '../failures.js';

/** Pending events one drain appends at most (a sweep has other work). */
const DRAIN_BATCH = 100;
/** Longer than a drain can take: a drainer that died lets go after this. */
const CLAIM_MS = 5 * 60_000;

/**
 * The audit log with an outbox: an event whose append fails is kept in the outbox (another table)
 * and appended by `drainOutbox`, with the id and time it was handed over, followed by an
 * `audit_append_retried` event saying so. A drainer that died after appending is detected: the next
 * one looks for the event on the chain above the head its hold recorded before appending it again.
 */
export class OutboxAuditLog implements AuditLog {
  constructor(
    private readonly inner: AuditLog,
    private readonly outbox: AuditOutbox,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  async handOver(event: NewAuditEvent): Promise<HandOver> {
    const at = this.clock.now().toISOString();
    const recorded: RecordedAt = { eventId: `${at}#${randomBytes(6).toString('hex')}`, at };
    try {
      return { kind: 'appended', event: await this.inner.append(event, recorded) };
    } catch (error) {
      this.metrics.count(METRIC.auditAppendFailures);
      const firstFailure = String(describeError(error).name);
      // Throws when the outbox fails too: then nothing holds the event, and the caller says so.
      await this.outbox.put({ event, recorded, firstFailure, attempts: 1 });
      this.logger.warn('audit append failed; the event waits in the outbox', {
        type: event.type,
        eventId: recorded.eventId,
        error: describeError(error),
      });
      return { kind: 'deferred', eventId: recorded.eventId };
    }
  }

  async drainOutbox(): Promise<DrainReport> {
    const now = this.clock.now();
    const report: DrainReport = { appended: 0, left: 0 };
    for (const pending of await this.outbox.due(now.toISOString(), DRAIN_BATCH)) {
      if (await this.drainOne(pending, now)) report.appended++;
      else report.left++;
    }
    return report;
  }

  private async drainOne(pending: PendingAuditEvent, now: Date): Promise<boolean> {
    const eventId = pending.recorded.eventId;
    const head = await this.inner.head();
    const token = randomBytes(8).toString('hex');
    const claim = await this.outbox.claim(
      eventId,
      { token, until: new Date(now.getTime() + CLAIM_MS).toISOString(), headSeq: head?.seq ?? 0 },
      now.toISOString(),
    );
    if (!claim) return false;
    try {
      const appended =
        (await this.alreadyOnChain(eventId, claim)) ??
        (await this.inner.append(pending.event, pending.recorded));
      await this.recordRetried(pending, appended);
      await this.outbox.done(eventId, token, appended.seq);
      return true;
    } catch (error) {
      const retryAt = new Date(now.getTime() + Math.min(2 ** pending.attempts, 60) * 60_000).toISOString();
      this.logger.error('audit outbox: append failed again', {
        eventId,
        attempts: pending.attempts + 1,
        error: describeError(error),
      });
      await this.outbox.release(eventId, token, retryAt).catch(() => undefined);
      return false;
    }
  }

  /** A drainer before us took the hold, appended, and died before marking it done: the event is above its head. */
  private async alreadyOnChain(eventId: string, claim: OutboxClaim): Promise<AuditEvent | undefined> {
    if (claim.previousHeadSeq === undefined) return undefined;
    for await (const page of this.inner.chainOldestFirst(claim.previousHeadSeq + 1))
      for (const event of page) if (event.eventId === eventId) return event;
    return undefined;
  }

  private async recordRetried(pending: PendingAuditEvent, appended: AuditEvent): Promise<void> {
    await this.inner.append({
      type: 'audit_append_retried',
      outcome: 'ok',
      actorId: SYSTEM_ACTOR,
      ...(appended.requestId ? { requestId: appended.requestId } : {}),
      ...(appended.bucket ? { bucket: appended.bucket } : {}),
      detail: `${appended.type} (${appended.eventId}, ${pending.recorded.at}) appended at seq ${appended.seq} after ${pending.attempts} failed attempt(s), first ${pending.firstFailure}`,
    });
  }

  append(event: NewAuditEvent, recorded?: RecordedAt): Promise<AuditEvent> {
    return this.inner.append(event, recorded);
  }

  query(query: AuditQuery): Promise<AuditPage> {
    return this.inner.query(query);
  }

  eventsAt(seqs: readonly number[]): Promise<AuditEvent[]> {
    return this.inner.eventsAt(seqs);
  }

  head(): Promise<AuditEvent | undefined> {
    return this.inner.head();
  }

  chainNewestFirst(): AsyncIterable<AuditEvent[]> {
    return this.inner.chainNewestFirst();
  }

  chainOldestFirst(fromSeq?: number): AsyncIterable<AuditEvent[]> {
    return this.inner.chainOldestFirst(fromSeq);
  }

  exportPages(selection: AuditSelection, since?: string): AsyncIterable<AuditEvent[]> {
    return this.inner.exportPages(selection, since);
  }

  recordPostedHead(head: PostedHead): Promise<boolean> {
    return this.inner.recordPostedHead(head);
  }

  postedHeads(): Promise<PostedHead[]> {
    return this.inner.postedHeads();
  }
}
