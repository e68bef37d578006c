import type { AccessRequest } from '../../domain/access-request.js';
import { RequestConflictError } from '../../domain/errors.js';
import { METRIC } from '../../domain/metric-names.js';
import type { Job } from '../../ports/job-queue.js';
import { decidedRequestCard } from '../../slack/messages/approval-request.js';
import {
  alreadyDecided,
  notAnApprover,
  selfApprovalRefused,
  unknownRequest,
} from '../../slack/messages/approver-replies.js';
import { approvedDm, deniedDm } from '../../slack/messages/requester-replies.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { publishHome } from '../home/publish-home.js';
import { reply } from '../replies.js';
import { approvalGiven, approve } from './approve-request.js';
import { deciderQualification } from './approvers.js';

type DecideJob = Extract<Job, { kind: 'decide' }>;

/**
 * An approver's click. Who clicked comes from the verified Slack payload. A denial is one
 * conditional write PENDING → DENIED; an approval is one conditional write that counts it, and the
 * one completing the quorum moves PENDING → APPROVED, so concurrent clicks yield one decision.
 */
export async function decideRequest(deps: ServiceDependencies, job: DecideJob): Promise<void> {
  const request = await deps.requests.get(job.requestId);
  if (!request) return reply(deps, job, unknownRequest());
  const qualification = await deciderQualification(deps, request, job.userId);
  const refusal = await refusalFor(deps, request, job.userId, qualification);
  if (refusal) return reply(deps, job, refusal);

  let decided: AccessRequest;
  if (job.approve) {
    const outcome = await approve(deps, job, request);
    if (outcome.kind === 'answered') return;
    if (outcome.kind === 'counted') return approvalGiven(deps, job, outcome.request, qualification);
    decided = outcome.request;
  } else {
    try {
      decided = await deps.requests.decide(request.requestId, {
        approved: false,
        by: job.userId,
        at: deps.clock.now().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof RequestConflictError)) throw error;
      return reply(deps, job, alreadyDecided(error.current));
    }
  }

  await record(deps, {
    type: job.approve ? 'request_approved' : 'request_denied',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(decided),
    ...(qualification ? { via: qualification } : {}),
  });
  deps.metrics.timing(
    METRIC.timeToDecision,
    Date.parse(decided.decidedAt ?? deps.clock.now().toISOString()) - Date.parse(decided.createdAt),
  );
  await Promise.all([
    showOutcomeToApprovers(deps, decided),
    reply(
      deps,
      { userId: decided.requesterId },
      job.approve ? approvedDm(decided, deps.settings.approvalTtlMs) : deniedDm(decided),
    ),
  ]);
  // A click from App Home has no response_url; refresh the approver's Home instead.
  if (!job.responseUrl) await publishHome(deps, job.userId);
}

async function refusalFor(
  deps: ServiceDependencies,
  request: AccessRequest,
  userId: string,
  qualification: string | undefined,
) {
  const common = {
    outcome: 'refused' as const,
    actorId: userId,
    ...aboutRequest(request),
  };
  if (!qualification) {
    await record(deps, { type: 'refused_not_approver', ...common });
    return notAnApprover(request);
  }
  if (request.requesterId === userId) {
    await record(deps, { type: 'refused_self_approval', ...common });
    return selfApprovalRefused();
  }
  return undefined;
}

/** Replaces the channel card: outcome shown, buttons gone. */
export async function showOutcomeToApprovers(
  deps: ServiceDependencies,
  request: AccessRequest,
): Promise<void> {
  if (!request.approvalMessage) return;
  await deps.messenger
    .update(request.approvalMessage, decidedRequestCard(request))
    .catch((error: unknown) => {
      deps.logger.warn('could not update the approval card', {
        requestId: request.requestId,
        error: describeError(error),
      });
    });
}
