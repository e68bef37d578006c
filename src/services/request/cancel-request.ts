import type { AccessRequest } from '../../domain/access-request.js';
import { RequestConflictError, StateConflictError } from '../../domain/errors.js';
import type { Job } from '../../ports/job-queue.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { showOutcomeToApprovers } from './decide-request.js';

type CancelJob = Extract<Job, { kind: 'cancel' }>;

export type CancelOutcome =
  | { kind: 'request_cancelled'; request: AccessRequest }
  | { kind: 'cancel_refused'; requestId: string };

/**
 * Cancel request (App Home): the requester withdraws their own pending request. One conditional write
 * (PENDING, theirs, not past due → CANCELLED); then the approvers' card loses its buttons and the
 * Home tab is redrawn. Anyone else's request, or one already decided, is left as it is; a try at
 * someone else's request is audited as refused.
 */
export async function cancelRequest(deps: ServiceDependencies, job: CancelJob): Promise<CancelOutcome> {
  const at = deps.clock.now().toISOString();
  let cancelled: Awaited<ReturnType<typeof deps.requests.cancel>>;
  try {
    cancelled = await deps.requests.cancel(job.requestId, job.userId, at);
  } catch (error) {
    if (!(error instanceof StateConflictError)) throw error;
    await recordIfSomeoneElses(deps, job, error);
    return { kind: 'cancel_refused', requestId: job.requestId };
  }
  await record(deps, {
    type: 'request_cancelled',
    outcome: 'ok',
    actorId: job.userId,
    subjectUserId: job.userId,
    bucket: cancelled.bucket,
    region: cancelled.region,
    requestId: cancelled.requestId,
  });
  await showOutcomeToApprovers(deps, cancelled);
  return { kind: 'request_cancelled', request: cancelled };
}

/** Audits a cancel of another person's request; the requester's own late or repeated click is not a refusal. */
async function recordIfSomeoneElses(
  deps: ServiceDependencies,
  job: CancelJob,
  conflict: StateConflictError,
): Promise<void> {
  const current = conflict instanceof RequestConflictError ? conflict.current : undefined;
  if (!current || current.requesterId === job.userId) return;
  await record(deps, {
    type: 'refused_cancel',
    outcome: 'refused',
    actorId: job.userId,
    ...aboutRequest(current),
  });
}
