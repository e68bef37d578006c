import type { PostedHead } from '../../domain/audit-chain.js';
import type { AuditEvent, NewAuditEvent } from '../../domain/audit-event.js';
import { countOfAuditEvent } from '../../domain/metric-names.js';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditSelection,
  DrainReport,
  HandOver,
  RecordedAt,
} from '../../ports/audit-log.js';
import type { Metrics } from '../../ports/metrics.js';

/**
 * The audit log, counting each appended event the metric it stands for (domain/metric-names.ts).
 * Every use case already records what it did here, so the counters come from one place and agree
 * with the log: an event that was not appended (the write failed) is not counted.
 */
export class MeteredAuditLog implements AuditLog {
  constructor(
    private readonly inner: AuditLog,
    private readonly metrics: Metrics,
  ) {}

  async append(event: NewAuditEvent, recorded?: RecordedAt): Promise<AuditEvent> {
    const appended = await this.inner.append(event, recorded);
    this.count(appended);
    return appended;
  }

  async handOver(event: NewAuditEvent): Promise<HandOver> {
    const handed = await this.inner.handOver(event);
    if (handed.kind === 'appended') this.count(handed.event);
    return handed;
  }

  drainOutbox(): Promise<DrainReport> {
    return this.inner.drainOutbox();
  }

  private count(appended: AuditEvent): void {
    const count = countOfAuditEvent(appended);
    if (count) this.metrics.count(count.name, count.dimensions);
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
