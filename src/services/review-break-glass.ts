import type { AccessRequest } from '../domain/access-request.js';
import { RequestConflictError } from '../domain/errors.js';
import type { Job } from '../ports/job-queue.js';
import { notAnApprover, unknownRequest } from '../slack/messages/approver-replies.js';
import {
  alreadyReviewed,
  breakGlassReviewedAlert,
  cannotReviewOwn,
  notABreakGlass,
  reviewRecorded,
} from '../slack/messages/break-glass-messages.js';
import { approverQualification } from './approvers.js';
import { aboutRequest, record } from './audit-record.js';
import type { ServiceDependencies } from './dependencies.js';
import { describeError } from './failures.js';
import { reply } from './replies.js';
import { revokeKey } from './revoke-key.js';

type ReviewJob = Extract<Job, { kind: 'review' }>;

/**
 * Reviewed / Revoke now on a break-glass alert. Approvers of the bucket only, never the person who
 * broke the glass; the review is one conditional write, so it is recorded once. Revoke now deletes
 * the key through the ordinary revoke first.
 */
export async function reviewBreakGlass(deps: ServiceDependencies, job: ReviewJob): Promise<void> {
  const request = await deps.requests.get(job.requestId);
  if (!request) return reply(deps, job, unknownRequest());
  if (!request.breakGlass) return reply(deps, job, notABreakGlass());
  const qualification = await approverQualification(deps, request.bucket, job.userId);
  const refused = async (detail: string) =>
    record(deps, {
      type: 'refused_break_glass_review',
      outcome: 'refused',
      actorId: job.userId,
      ...aboutRequest(request),
      detail,
    });
  if (!qualification) {
    await refused('not an approver');
    return reply(deps, job, notAnApprover(request));
  }
  if (request.requesterId === job.userId) {
    await refused('own break-glass');
    return reply(deps, job, cannotReviewOwn());
  }

  if (job.revoke && request.state === 'ISSUED' && request.accessKeyId) {
    // Answers go to the approver's DM: the alert itself is updated below, not replaced by a reply.
    await revokeKey(deps, {
      kind: 'revoke',
      userId: job.userId,
      bucket: request.bucket,
      accessKeyId: request.accessKeyId,
    });
  }
  let reviewed: AccessRequest;
  try {
    reviewed = await deps.requests.markReviewed(request.requestId, {
      by: job.userId,
      at: deps.clock.now().toISOString(),
    });
  } catch (error) {
    if (!(error instanceof RequestConflictError)) throw error;
    const current = error.current ?? request;
    return reply(deps, job, alreadyReviewed(current));
  }
  await record(deps, {
    type: 'break_glass_reviewed',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(reviewed),
    via: qualification,
    ...(job.revoke ? { detail: 'revoked the key' } : {}),
  });
  await deps.requests.endReview(reviewed.requestId).catch((error: unknown) =>
    // The sweeper ends it when it finds the request reviewed.
    deps.logger.warn('could not end a break-glass review', { error: describeError(error) }),
  );
  const latest = (await deps.requests.get(reviewed.requestId)) ?? reviewed;
  if (latest.approvalMessage) {
    await deps.messenger
      .update(latest.approvalMessage, breakGlassReviewedAlert(latest, job.revoke))
      .catch((error: unknown) =>
        deps.logger.warn('could not update the break-glass alert', { error: describeError(error) }),
      );
  }
  await reply(deps, job, reviewRecorded(reviewed));
}
