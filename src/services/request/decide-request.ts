import type { AccessRequest } from '../../domain/access-request.js';
import { RequestConflictError } from '../../domain/errors.js';
import { METRIC } from '../../domain/metric-names.js';
import type { Job } from '../../ports/job-queue.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { approvalGiven, approve } from './approve-request.js';
import { deciderQualification } from './approvers.js';
import type { DecideOutcome } from './decide-outcome.js';

export type { DecideOutcome } from './decide-outcome.js';

type DecideJob = Extract<Job, { kind: 'decide' }>;

/**
 * An approver's click. Who clicked comes from the verified Slack payload. A denial is one
 * conditional write PENDING → DENIED; an approval is one conditional write that counts it, and the
 * one completing the quorum moves PENDING → APPROVED, so concurrent clicks yield one decision.
 */
export async function decideRequest(deps: ServiceDependencies, job: DecideJob): Promise<DecideOutcome> {
  const request = await deps.requests.get(job.requestId);
  if (!request) return { kind: 'unknown_request' };
  const qualification = await deciderQualification(deps, request, job.userId);
  const refusal = await refusalFor(deps, request, job.userId, qualification);
  if (refusal) return refusal;

  let decided: AccessRequest;
  if (job.approve) {
    const outcome = await approve(deps, job, request);
    if (outcome.kind !== 'approved') {
      return outcome.kind === 'counted' ? approvalGiven(deps, job, outcome.request, qualification) : outcome;
    }
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
      return { kind: 'already_decided', request: error.current };
    }
  }
  return decisionMade(deps, job, decided, qualification);
}

/** Audited, timed, and shown on the card; the requester hears of it from the presenter. */
async function decisionMade(
  deps: ServiceDependencies,
  job: DecideJob,
  decided: AccessRequest,
  qualification: string | undefined,
): Promise<DecideOutcome> {
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
  await showOutcomeToApprovers(deps, decided);
  const approvalTtlMs = deps.settings.approvalTtlMs;
  return { kind: 'request_decided', request: decided, approved: job.approve, approvalTtlMs };
}

async function refusalFor(
  deps: ServiceDependencies,
  request: AccessRequest,
  userId: string,
  qualification: string | undefined,
): Promise<DecideOutcome | undefined> {
  const common = {
    outcome: 'refused' as const,
    actorId: userId,
    ...aboutRequest(request),
  };
  if (!qualification) {
    await record(deps, { type: 'refused_not_approver', ...common });
    return { kind: 'not_an_approver', request };
  }
  if (request.requesterId === userId) {
    await record(deps, { type: 'refused_self_approval', ...common });
    return { kind: 'self_approval_refused' };
  }
  return undefined;
}

/** Replaces the channel card: outcome shown, buttons gone. A failure is logged. */
export async function showOutcomeToApprovers(
  deps: ServiceDependencies,
  request: AccessRequest,
): Promise<void> {
  await deps.notifier.requestSettled(request);
}
