import type { AccessRequest } from '../../domain/access-request.js';
import { GrantConflictError } from '../../domain/errors.js';
import type { Grant } from '../../domain/grant.js';
import type { Job } from '../../ports/job-queue.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { revokerQualification } from '../request/approvers.js';
import { type GrantRevocation, grantOf, revokeGrant } from '../revoke-rotate/revoke-grant.js';

type ReviewJob = Extract<Job, { kind: 'review' }>;

/** What Reviewed or Revoke now on a break-glass alert came to. */
export type ReviewOutcome =
  | { kind: 'unknown_request' }
  | { kind: 'not_a_break_glass' }
  | { kind: 'not_an_approver'; request: AccessRequest }
  | { kind: 'own_break_glass' }
  | { kind: 'already_reviewed'; requestId: string; review: Pick<Grant, 'reviewedBy' | 'reviewedAt'> }
  /** Revoke now left `surviving` keys alive: the review stays open. */
  | { kind: 'revoke_unfinished'; requestId: string; surviving: string[] }
  | { kind: 'review_recorded'; request: AccessRequest };

/**
 * Reviewed / Revoke now on a break-glass alert. Approvers of the bucket only, never the person who
 * broke the glass. Revoke now revokes the whole grant (the key and any rotation of it); the review
 * closes as revoked only once Lightsail has confirmed every deletion, else it stays open with its
 * buttons and the card says what survives. The review is one conditional write on the grant.
 */
export async function reviewBreakGlass(deps: ServiceDependencies, job: ReviewJob): Promise<ReviewOutcome> {
  const request = await deps.requests.get(job.requestId);
  if (!request) return { kind: 'unknown_request' };
  if (!request.breakGlass) return { kind: 'not_a_break_glass' };
  // A bucket that left the policy keeps its break-glass reviewable, by the grant's and the default approvers.
  const grant = await grantOf(deps, request);
  const qualification = await revokerQualification(deps, request.bucket, job.userId, grant);
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
    return { kind: 'not_an_approver', request };
  }
  if (request.requesterId === job.userId) {
    await refused('own break-glass');
    return { kind: 'own_break_glass' };
  }
  if (grant.reviewedAt) return { kind: 'already_reviewed', requestId: request.requestId, review: grant };
  let revocation: GrantRevocation | undefined;
  if (job.revoke) {
    revocation = await revokeGrant(deps, grant.grantId, {
      userId: job.userId,
      why: 'Revoke now on the break-glass alert',
    });
    if (revocation.surviving.length > 0) return reviewFailed(deps, job, request, revocation);
  }
  return closeReview(deps, job, request, grant.grantId, qualification, revocation);
}

/** Some key survived Revoke now: recorded, the card keeps its buttons and says what is left. */
async function reviewFailed(
  deps: ServiceDependencies,
  job: ReviewJob,
  request: AccessRequest,
  revocation: GrantRevocation,
): Promise<ReviewOutcome> {
  const failure = revocation.surviving.map((s) => `${s.accessKeyId} (${s.error})`).join(', ');
  await record(deps, {
    type: 'break_glass_review_failed',
    outcome: 'failed',
    actorId: job.userId,
    ...aboutRequest(request),
    detail: `still alive: ${failure}; deleted: ${revocation.deleted.join(', ') || 'none'}`,
  });
  const latest = (await deps.requests.get(request.requestId)) ?? request;
  await deps.notifier.breakGlassRevokeUnfinished(latest, revocation.surviving);
  const surviving = revocation.surviving.map((s) => s.accessKeyId);
  return { kind: 'revoke_unfinished', requestId: request.requestId, surviving };
}

async function closeReview(
  deps: ServiceDependencies,
  job: ReviewJob,
  request: AccessRequest,
  grantId: string,
  qualification: string,
  revocation: GrantRevocation | undefined,
): Promise<ReviewOutcome> {
  let reviewed: Grant;
  try {
    reviewed = await deps.grants.markReviewed(grantId, {
      by: job.userId,
      at: deps.clock.now().toISOString(),
      revoked: revocation !== undefined,
    });
  } catch (error) {
    if (!(error instanceof GrantConflictError)) throw error;
    return { kind: 'already_reviewed', requestId: request.requestId, review: error.current ?? {} };
  }
  await record(deps, {
    type: 'break_glass_reviewed',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(request),
    via: qualification,
    ...(revocation
      ? { detail: `revoked the grant: deleted ${revocation.deleted.join(', ') || 'none'}` }
      : {}),
  });
  await deps.reviews.end(request.requestId).catch((error: unknown) =>
    // The sweeper ends it when it finds the grant reviewed.
    deps.logger.warn('could not end a break-glass review', { error: describeError(error) }),
  );
  const latest = (await deps.requests.get(request.requestId)) ?? request;
  await deps.notifier.breakGlassReviewed(latest, reviewed, revocation?.deleted);
  return { kind: 'review_recorded', request: latest };
}
