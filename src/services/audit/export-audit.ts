import type { AuditEvent, AuditEventType, AuditOutcome, NewAuditEvent } from '../../domain/audit-event.js';
import { csvHeader, csvRow, jsonlLine } from '../../domain/audit-export.js';
import type { Job } from '../../ports/job-queue.js';
import { exportDone, verifyRefused } from '../../slack/messages/audit-chain-messages.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { reply } from '../replies.js';
import { isAuditor } from '../request/approvers.js';
import { record } from './audit-record.js';
import { refuseAuditor } from './verify-audit.js';

type ExportJob = Extract<Job, { kind: 'auditExport' }>;

/**
 * Slack takes files up to 1 GB, but a part is built in the worker's memory (512 MB), so parts are
 * cut well below that. Tests pass a small `exportPartBytes`.
 */
export const DEFAULT_EXPORT_PART_BYTES = 50 * 1024 * 1024;

/**
 * `/bucket-key audit export <bucket | @user | all> [--since 30d] [--format csv|jsonl]`: reads the
 * events oldest first, one Query page at a time, and uploads them to the requester's DM, cutting a
 * new numbered part whenever the next row would pass the part limit. Events never hold a secret;
 * the export holds only event fields.
 *
 * The export is in the log before anything leaves (`audit_export_started`), then each part once
 * Slack has it (`audit_export_part`), then the outcome (`audit_exported`, ok or failed). The first
 * two are required: an export the log could not record is not sent, nor is its next part.
 */
export async function exportAudit(deps: ServiceDependencies, job: ExportJob): Promise<void> {
  if (!(await isAuditor(deps, job.userId))) {
    await refuseAuditor(deps, job.userId, `audit export ${describeTarget(job)}`);
    return reply(deps, job, verifyRefused(), { replaceOriginal: true });
  }
  const what = `${describeTarget(job)} as ${job.format}`;
  const started = await deps.audit.append(exportEvent(job, 'audit_export_started', 'ok', what));
  const parts = new ExportParts(deps, job, what);
  try {
    for await (const page of deps.audit.exportPages(job.target, job.since)) {
      // The log as it was when the export started: not its own records, nor anything appended since.
      for (const event of page as AuditEvent[]) if (event.seq < started.seq) await parts.add(event);
    }
    await parts.finish();
  } catch (error) {
    const failure = String(describeError(error).name);
    await record(
      deps,
      exportEvent(job, 'audit_exported', 'failed', `${what}: ${parts.summary()}, then ${failure}`),
    );
    throw error;
  }
  await record(deps, exportEvent(job, 'audit_exported', 'ok', `${what}: ${parts.summary()}`));
  return reply(deps, job, exportDone(parts.events, parts.sent), { replaceOriginal: true });
}

/** The rows of one export, cut into numbered files and uploaded one by one, each recorded once sent. */
class ExportParts {
  private readonly header: string;
  private readonly row: (event: AuditEvent) => string;
  private readonly limit: number;
  private readonly stamp: string;
  private rows: string[] = [];
  private bytes = 0;
  /** Parts Slack has, and the events in them. */
  sent = 0;
  events = 0;

  constructor(
    private readonly deps: ServiceDependencies,
    private readonly job: ExportJob,
    private readonly what: string,
  ) {
    this.header = job.format === 'csv' ? csvHeader() : '';
    this.row = job.format === 'csv' ? csvRow : jsonlLine;
    this.limit = deps.settings.exportPartBytes ?? DEFAULT_EXPORT_PART_BYTES;
    this.stamp = deps.clock.now().toISOString().slice(0, 10);
  }

  async add(event: AuditEvent): Promise<void> {
    const line = this.row(event);
    const bytes = Buffer.byteLength(line);
    if (this.rows.length > 0 && Buffer.byteLength(this.header) + this.bytes + bytes > this.limit)
      await this.upload();
    this.rows.push(line);
    this.bytes += bytes;
  }

  async finish(): Promise<void> {
    if (this.rows.length > 0) await this.upload();
  }

  summary(): string {
    return `${this.events} events in ${this.sent} file(s)`;
  }

  private async upload(): Promise<void> {
    const n = this.sent + 1;
    await this.deps.messenger.uploadFile(this.job.userId, {
      filename: `bucket-key-audit-${fileLabel(this.job)}-${this.stamp}-part-${n}.${this.job.format}`,
      title: `Audit log: ${describeTarget(this.job)} (part ${n})`,
      content: this.header + this.rows.join(''),
    });
    this.sent = n;
    this.events += this.rows.length;
    const detail = `${this.what}: part ${n} sent, ${this.rows.length} events`;
    this.rows = [];
    this.bytes = 0;
    await this.deps.audit.append(exportEvent(this.job, 'audit_export_part', 'ok', detail));
  }
}

function exportEvent(
  job: ExportJob,
  type: Extract<AuditEventType, `audit_export${string}`>,
  outcome: AuditOutcome,
  detail: string,
): NewAuditEvent {
  return {
    type,
    outcome,
    actorId: job.userId,
    ...(job.target.kind === 'bucket' ? { bucket: job.target.bucket } : {}),
    ...(job.target.kind === 'user' ? { subjectUserId: job.target.userId } : {}),
    detail,
  };
}

function describeTarget(job: ExportJob): string {
  const t = job.target;
  const what =
    t.kind === 'all'
      ? 'all'
      : t.kind === 'bucket'
        ? t.bucket
        : t.kind === 'request'
          ? t.requestId
          : `${t.kind === 'actor' ? 'by ' : ''}${t.userId}`;
  return job.since ? `${what} since ${job.since}` : what;
}

function fileLabel(job: ExportJob): string {
  const t = job.target;
  return t.kind === 'all'
    ? 'all'
    : t.kind === 'bucket'
      ? t.bucket
      : t.kind === 'request'
        ? t.requestId
        : t.userId;
}
