import type { Job } from '../../ports/job-queue.js';
import { auditPage, describeSubject, notAnAuditor } from '../../slack/messages/audit-page.js';
import type { ServiceDependencies } from '../dependencies.js';
import { reply } from '../replies.js';
import { isAuditor } from '../request/approvers.js';
import { record } from './audit-record.js';

type AuditJob = Extract<Job, { kind: 'audit' }>;

/** `/bucket-key audit …` and its "More" pages: one Query per page, approvers and auditors only. */
export async function lookupAudit(deps: ServiceDependencies, job: AuditJob): Promise<void> {
  if (!(await isAuditor(deps, job.userId))) {
    const subject = job.query.subject;
    await record(deps, {
      type: 'refused_not_auditor',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: job.userId,
      ...(subject.kind === 'bucket' ? { bucket: subject.bucket } : {}),
      ...(subject.kind === 'request' ? { requestId: subject.requestId } : {}),
      detail: `audit ${describeSubject(subject)}`,
    });
    return reply(deps, job, notAnAuditor(), { replaceOriginal: true });
  }
  const page = await deps.audit.query(job.query);
  return reply(deps, job, auditPage(job.query, page.events, page.cursor), { replaceOriginal: true });
}
