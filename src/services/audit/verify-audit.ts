import { type ChainVerdict, ChainWalk } from '../../domain/audit-chain.js';
import type { Job } from '../../ports/job-queue.js';
import type { ServiceDependencies } from '../dependencies.js';
import { isAuditor } from '../request/approvers.js';
import { record } from './audit-record.js';

type VerifyJob = Extract<Job, { kind: 'auditVerify' }>;

/** What `audit verify` found. */
export type VerifyOutcome =
  | { kind: 'not_an_auditor' }
  | { kind: 'chain_verified'; verdict: ChainVerdict; since?: string };

/**
 * `/bucket-key audit verify [--since 30d]`: walks the hash chain newest first, page by page (Query,
 * no Scan), checks every link and the heads posted to Slack, and names the first broken link.
 * With `--since`, the walk stops at the first event older than that (it is checked as the anchor).
 */
export async function verifyAudit(deps: ServiceDependencies, job: VerifyJob): Promise<VerifyOutcome> {
  if (!(await isAuditor(deps, job.userId))) {
    await refuseAuditor(deps, job.userId, 'audit verify');
    return { kind: 'not_an_auditor' };
  }
  const walk = new ChainWalk(await deps.audit.postedHeads());
  let reachedStart = true;
  outer: for await (const page of deps.audit.chainNewestFirst()) {
    for (const event of page) {
      walk.add(event);
      if (job.since && event.at < job.since) {
        reachedStart = false;
        break outer;
      }
    }
  }
  const verdict = walk.finish(reachedStart);
  deps.logger.info('audit verified', { verdict: verdict.kind, checked: verdict.checked });
  return { kind: 'chain_verified', verdict, ...(job.since ? { since: job.since } : {}) };
}

/** A non-auditor asked for the log's evidence: refused, and the refusal is itself recorded. */
export async function refuseAuditor(deps: ServiceDependencies, userId: string, what: string): Promise<void> {
  await record(deps, {
    type: 'refused_not_auditor',
    outcome: 'refused',
    actorId: userId,
    subjectUserId: userId,
    detail: what,
  });
}
