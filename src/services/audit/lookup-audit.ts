import type { AuditEvent } from '../../domain/audit-event.js';
import { describeAuditSubject } from '../../domain/audit-subject.js';
import type { AuditRequest, Job } from '../../ports/job-queue.js';
import type { ServiceDependencies } from '../dependencies.js';
import { isAuditor } from '../request/approvers.js';
import { record } from './audit-record.js';
import { chainOnly } from './chain-view.js';

type AuditJob = Extract<Job, { kind: 'audit' }>;

/** What `/bucket-key audit …` (or its More button) found. */
export type LookupOutcome =
  | { kind: 'not_an_auditor' }
  | {
      kind: 'audit_page';
      query: AuditRequest;
      /** Events of the chain only, newest first. */
      events: AuditEvent[];
      /** Shown events whose fields no longer match their hash. */
      edited: number[];
      /** Items the index held that are not events of the chain: left out. */
      hidden: number;
      cursor?: string;
    };

/** `/bucket-key audit …` and its "More" pages: one Query per page, approvers and auditors only. */
export async function lookupAudit(deps: ServiceDependencies, job: AuditJob): Promise<LookupOutcome> {
  if (!(await isAuditor(deps, job.userId))) {
    const subject = job.query.subject;
    await record(deps, {
      type: 'refused_not_auditor',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: job.userId,
      ...(subject.kind === 'bucket' ? { bucket: subject.bucket } : {}),
      ...(subject.kind === 'request' ? { requestId: subject.requestId } : {}),
      detail: `audit ${describeAuditSubject(subject)}`,
    });
    return { kind: 'not_an_auditor' };
  }
  const page = await deps.audit.query(job.query);
  const view = await chainOnly(deps.audit, page.events);
  return {
    kind: 'audit_page',
    query: job.query,
    ...view,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}
