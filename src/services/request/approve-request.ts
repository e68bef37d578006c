import { type AccessRequest, isPastDue } from '../../domain/access-request.js';
import { RequestConflictError } from '../../domain/errors.js';
import type { Job } from '../../ports/job-queue.js';
import { approvalRequestCard } from '../../slack/messages/approval-request.js';
import { alreadyDecided } from '../../slack/messages/approver-replies.js';
import { alreadyApprovedByYou, approvalCounted } from '../../slack/messages/quorum-messages.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { publishHome } from '../home/publish-home.js';
import { reply } from '../replies.js';

type DecideJob = Extract<Job, { kind: 'decide' }>;

/** Racing approvals each cost one failed write and a re-read; a quorum is at most 10. */
const MAX_ATTEMPTS = 12;

export type ApproveOutcome =
  /** This approval completed the quorum: the request is APPROVED now. */
  | { kind: 'approved'; request: AccessRequest }
  /** Counted, but more approvals are needed. */
  | { kind: 'counted'; request: AccessRequest }
  /** Nothing changed, and the approver was told why. */
  | { kind: 'answered' };

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
    if (current.state === 'PENDING' && current.approvals?.includes(job.userId)) {
      await reply(deps, job, alreadyApprovedByYou(current, required));
      return { kind: 'answered' };
    }
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
      if (now?.state !== 'PENDING' || isPastDue(now, at) || !raced) {
        await reply(deps, job, alreadyDecided(now));
        return { kind: 'answered' };
      }
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
): Promise<void> {
  const rules = deps.policy.approvalRulesFor(request.bucket);
  await record(deps, {
    type: 'approval_given',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(request),
    detail: `${request.approvals?.length ?? 0} of ${rules.approvalsRequired}`,
    ...(qualification ? { via: qualification } : {}),
  });
  if (request.approvalMessage) {
    const approvers = deps.policy.rulesFor(request.bucket)?.approvers ?? [];
    await deps.messenger
      .update(
        request.approvalMessage,
        approvalRequestCard(request, { approvers, approvalsRequired: rules.approvalsRequired }),
      )
      .catch((error: unknown) =>
        deps.logger.warn('could not update the approval card', {
          requestId: request.requestId,
          error: describeError(error),
        }),
      );
  }
  await reply(deps, job, approvalCounted(request, rules.approvalsRequired));
  if (!job.responseUrl) await publishHome(deps, job.userId);
}
