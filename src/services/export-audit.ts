import type { AuditEvent } from '../domain/audit-event.js';
import { csvHeader, csvRow, jsonlLine } from '../domain/audit-export.js';
import type { Job } from '../ports/job-queue.js';
import { exportDone, verifyRefused } from '../slack/messages/audit-chain-messages.js';
import { isAuditor } from './approvers.js';
import { record } from './audit-record.js';
import type { ServiceDependencies } from './dependencies.js';
import { reply } from './replies.js';
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
 */
export async function exportAudit(deps: ServiceDependencies, job: ExportJob): Promise<void> {
  if (!(await isAuditor(deps, job.userId))) {
    await refuseAuditor(deps, job.userId, `audit export ${describeTarget(job)}`);
    return reply(deps, job, verifyRefused(), { replaceOriginal: true });
  }
  const limit = deps.settings.exportPartBytes ?? DEFAULT_EXPORT_PART_BYTES;
  const header = job.format === 'csv' ? csvHeader() : '';
  const row = job.format === 'csv' ? csvRow : jsonlLine;
  const stamp = deps.clock.now().toISOString().slice(0, 10);
  let part: string[] = [];
  let partBytes = 0;
  let parts = 0;
  let events = 0;
  const upload = async () => {
    parts++;
    const name = `bucket-key-audit-${fileLabel(job)}-${stamp}-part-${parts}.${job.format}`;
    await deps.messenger.uploadFile(job.userId, {
      filename: name,
      title: `Audit log: ${describeTarget(job)} (part ${parts})`,
      content: header + part.join(''),
    });
    part = [];
    partBytes = 0;
  };
  for await (const page of deps.audit.exportPages(job.target, job.since)) {
    for (const event of page as AuditEvent[]) {
      const line = row(event);
      const bytes = Buffer.byteLength(line);
      if (part.length > 0 && Buffer.byteLength(header) + partBytes + bytes > limit) await upload();
      part.push(line);
      partBytes += bytes;
      events++;
    }
  }
  if (part.length > 0) await upload();
  await record(deps, {
    type: 'audit_exported',
    outcome: 'ok',
    actorId: job.userId,
    ...(job.target.kind === 'bucket' ? { bucket: job.target.bucket } : {}),
    ...(job.target.kind === 'user' ? { subjectUserId: job.target.userId } : {}),
    detail: `${describeTarget(job)} as ${job.format}: ${events} events in ${parts} file(s)`,
  });
  return reply(deps, job, exportDone(events, parts), { replaceOriginal: true });
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
