import type { CheckpointSummary } from '../../domain/audit-checkpoint.js';
import type { AuditEvent, AuditEventType, AuditOutcome, NewAuditEvent } from '../../domain/audit-event.js';
import { csvHeader, csvRow, jsonlLine } from '../../domain/audit-export.js';
import { describeExportTarget } from '../../domain/audit-subject.js';
import type { Job } from '../../ports/job-queue.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { isAuditor } from '../request/approvers.js';
import { record } from './audit-record.js';
import { chainOnly } from './chain-view.js';
import { evidenceOf } from './evidence.js';
import { refuseAuditor } from './verify-audit.js';

type ExportJob = Extract<Job, { kind: 'auditExport' }>;

/** What an export did: refused, or sent (so many events in so many files, some perhaps marked edited). */
export type ExportOutcome =
  | { kind: 'not_an_auditor' }
  | {
      kind: 'exported';
      events: number;
      parts: number;
      /** Exported events whose fields no longer match their hash (marked in the file). */
      edited: number[];
      /** Items an index held that are not events of the chain: left out. */
      hidden: number;
      /** A whole-log export ends at the head of this checkpoint, signed for it: verifiable offline. */
      checkpoint?: CheckpointSummary;
    };

/**
 * Slack takes files up to 1 GB, but a part is built in the worker's memory (512 MB), so parts are
 * cut well below that. Tests pass a small `exportPartBytes`.
 */
export const DEFAULT_EXPORT_PART_BYTES = 50 * 1024 * 1024;

/**
 * `/bucket-key audit export <bucket | @user | all> [--since 30d] [--format csv|jsonl]`: reads the
 * events oldest first, one Query page at a time, keeps only events of the chain (each page checked
 * against it, see chain-view.ts), and uploads them to the requester's DM, cutting a new numbered part
 * whenever the next row would pass the part limit. Events never hold a secret.
 *
 * The export is in the log before anything leaves (`audit_export_started`), then each part once
 * Slack has it (`audit_export_part`), then the outcome (`audit_exported`, ok or failed). The first
 * two are required: an export the log could not record is not sent, nor is its next part.
 */
export async function exportAudit(deps: ServiceDependencies, job: ExportJob): Promise<ExportOutcome> {
  if (!(await isAuditor(deps, job.userId))) {
    await refuseAuditor(deps, job.userId, `audit export ${describeExportTarget(job.target, job.since)}`);
    return { kind: 'not_an_auditor' };
  }
  const what = `${describeExportTarget(job.target, job.since)} as ${job.format}`;
  const started = await deps.audit.append(exportEvent(job, 'audit_export_started', 'ok', what));
  const checkpoint = await exportCheckpoint(deps, job);
  // The log as it was when the export started (not its own records, nor anything appended since), or
  // for the whole log up to the checkpoint signed for it, so that every exported event is covered.
  const last = checkpoint ? checkpoint.headSeq : started.seq - 1;
  const parts = new ExportParts(deps, job, what);
  try {
    for await (const page of deps.audit.exportPages(job.target, job.since)) {
      const view = await chainOnly(deps.audit, page);
      parts.hidden += view.hidden;
      const edited = new Set(view.edited);
      for (const event of view.events) if (event.seq <= last) await parts.add(event, edited.has(event.seq));
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
  return {
    kind: 'exported',
    events: parts.events,
    parts: parts.sent,
    edited: parts.edited,
    hidden: parts.hidden,
    ...(checkpoint ? { checkpoint } : {}),
  };
}

/** A whole-log export asks for a checkpoint first; without one it is still sent, to its start. */
async function exportCheckpoint(
  deps: ServiceDependencies,
  job: ExportJob,
): Promise<CheckpointSummary | undefined> {
  const evidence = evidenceOf(deps);
  if (!evidence || job.target.kind !== 'all') return undefined;
  const result = await evidence.checkpoints.write({ trigger: 'export', userId: job.userId });
  if (result.kind === 'signed') return result.checkpoint;
  deps.logger.warn('export without a checkpoint of its own', { result: result.kind });
  return undefined;
}

/** The rows of one export, cut into numbered files and uploaded one by one, each recorded once sent. */
class ExportParts {
  private readonly header: string;
  private readonly limit: number;
  private readonly day: string;
  private rows: string[] = [];
  private rowsEdited: number[] = [];
  private bytes = 0;
  /** Parts Slack has, and the events in them. */
  sent = 0;
  events = 0;
  edited: number[] = [];
  hidden = 0;

  constructor(
    private readonly deps: ServiceDependencies,
    private readonly job: ExportJob,
    private readonly what: string,
  ) {
    this.header = job.format === 'csv' ? csvHeader() : '';
    this.limit = deps.settings.exportPartBytes ?? DEFAULT_EXPORT_PART_BYTES;
    this.day = deps.clock.now().toISOString().slice(0, 10);
  }

  async add(event: AuditEvent, edited: boolean): Promise<void> {
    const line = this.job.format === 'csv' ? csvRow(event, edited) : jsonlLine(event);
    const bytes = Buffer.byteLength(line);
    if (this.rows.length > 0 && Buffer.byteLength(this.header) + this.bytes + bytes > this.limit)
      await this.upload();
    this.rows.push(line);
    if (edited) this.rowsEdited.push(event.seq);
    this.bytes += bytes;
  }

  async finish(): Promise<void> {
    if (this.rows.length > 0) await this.upload();
  }

  summary(): string {
    const edited = this.edited.length ? `, ${this.edited.length} marked edited` : '';
    return `${this.events} events in ${this.sent} file(s)${edited}`;
  }

  private async upload(): Promise<void> {
    const n = this.sent + 1;
    await this.deps.notifier.exportPartReady(this.job.userId, {
      target: this.job.target,
      ...(this.job.since ? { since: this.job.since } : {}),
      format: this.job.format,
      day: this.day,
      number: n,
      content: this.header + this.rows.join(''),
      edited: this.rowsEdited,
    });
    this.sent = n;
    this.events += this.rows.length;
    this.edited.push(...this.rowsEdited);
    const detail = `${this.what}: part ${n} sent, ${this.rows.length} events`;
    this.rows = [];
    this.rowsEdited = [];
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
