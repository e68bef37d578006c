import { type AccessRequest, isPastDue } from '../../domain/access-request.js';
import { RequestConflictError } from '../../domain/errors.js';
import type { Job } from '../../ports/job-queue.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import type { DecideOutcome } from './decide-outcome.js';

type DecideJob = Extract<Job, { kind: 'decide' }>;

/** Racing approvals each cost one failed write and a re-read; a quorum is at most 10. */
const MAX_ATTEMPTS = 12;

export type ApproveOutcome =
  /** This approval completed the quorum: the request is APPROVED now. */
  | { kind: 'approved'; request: AccessRequest }
  /** Counted, but more approvals are needed. */
  | { kind: 'counted'; request: AccessRequest }
  /** Nothing changed: a second click by the same person, or a click after the decision. */
  | Extract<DecideOutcome, { kind: 'already_approved_by_you' | 'already_decided' }>;

/**
 * One approver's approval, as one conditional write against the approvals count it read. When
 * another approval got in between, the write fails and is retried on the fresh record; a second
 * click by the same person, or a click after the decision, changes nothing.
 */
export async function approve(
  deps: ServiceDependencies,
  job: DecideJob,
  read: AccessRequest,
): Promise<ApproveOutcome> {
  const required = deps.policy.approvalRulesFor(read.bucket).approvalsRequired;
  let current = read;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (current.state === 'PENDING' && current.approvals?.includes(job.userId))
      return { kind: 'already_approved_by_you', request: current, approvalsRequired: required };
    const at = deps.clock.now();
    try {
      const updated = await deps.requests.approve(current.requestId, {
        by: job.userId,
        at: at.toISOString(),
        seen: current.approvals?.length ?? 0,
        required,
        approvalExpiresAt: new Date(at.getTime() + deps.settings.approvalTtlMs).toISOString(),
      });
      return { kind: updated.state === 'APPROVED' ? 'approved' : 'counted', request: updated };
    } catch (error) {
      if (!(error instanceof RequestConflictError)) throw error;
      const now = error.current;
      // Retry only when another approval explains the failure; otherwise it is not ours to win.
      const raced = (now?.approvals?.length ?? 0) !== (current.approvals?.length ?? 0);
      if (now?.state !== 'PENDING' || isPastDue(now, at) || !raced)
        return { kind: 'already_decided', request: now };
      current = now;
    }
  }
  throw new Error(`approval of ${read.requestId} kept racing other approvals`);
}

/** An approval that counted towards the quorum: audited, the card shows the progress, buttons stay. */
export async function approvalGiven(
  deps: ServiceDependencies,
  job: DecideJob,
  request: AccessRequest,
  qualification: string | undefined,
): Promise<DecideOutcome> {
  const rules = deps.policy.approvalRulesFor(request.bucket);
  await record(deps, {
    type: 'approval_given',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(request),
    detail: `${request.approvals?.length ?? 0} of ${rules.approvalsRequired}`,
    ...(qualification ? { via: qualification } : {}),
  });
  const approvers = deps.policy.rulesFor(request.bucket)?.approvers ?? [];
  await deps.notifier.approvalProgressed(request, { approvers, approvalsRequired: rules.approvalsRequired });
  return { kind: 'approval_counted', request, approvalsRequired: rules.approvalsRequired };
}
