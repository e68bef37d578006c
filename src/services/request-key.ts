import { type AccessRequest, isOpen, isPastDue, isUsableApproval } from '../domain/access-request.js';
import { reasonShortfall } from '../domain/approval-rules.js';
import { MessengerError, RequestConflictError } from '../domain/errors.js';
import { requestIdFor } from '../domain/request-id.js';
import type { Job } from '../ports/job-queue.js';
import { type ApprovalCardFacts, approvalRequestCard } from '../slack/messages/approval-request.js';
import { usage } from '../slack/messages/error-messages.js';
import {
  alreadyPending,
  approversNotNotified,
  bucketNotAllowed,
  issueInProgress,
  lifetimeTooLong,
  requestCreated,
} from '../slack/messages/requester-replies.js';
import { aboutRequest, record } from './audit-record.js';
import { breakGlassKey } from './break-glass.js';
import type { ServiceDependencies } from './dependencies.js';
import { describeError, explainFailure } from './failures.js';
import { issueKey } from './issue-key.js';
import { listKeysOf } from './issue-support.js';
import { reply } from './replies.js';

type CreateJob = Extract<Job, { kind: 'create' }>;

/** Conflicting creates retry with the next sequence number at most this often. */
const MAX_ATTEMPTS = 5;

/**
 * `/bucket-key create`: uses a valid approval at once, or records a PENDING request
 * and asks the approvers. At most one open request per person and bucket.
 */
export async function requestKey(
  deps: ServiceDependencies,
  job: CreateJob,
  /** A rotation that needs an approval (rotate-key.ts): the key this request's key replaces. */
  rotates?: AccessRequest['rotates'],
): Promise<void> {
  const rules = deps.policy.rulesFor(job.bucket);
  if (!rules) return reply(deps, job, bucketNotAllowed(job.bucket), { replaceOriginal: true });
  const approval = deps.policy.approvalRulesFor(job.bucket);
  if (job.breakGlass) return breakGlassKey(deps, job, rules, approval);
  // Checked before anything is read or written: an inadequate reason records nothing.
  const shortfall = reasonShortfall(approval, job.reason);
  if (shortfall) return reply(deps, job, usage(shortfall), { replaceOriginal: true });
  // The modal checked this against the catalog; the rules in force now decide.
  if (job.lifetimeMs !== undefined && rules.keyMaxAgeMs !== undefined && job.lifetimeMs > rules.keyMaxAgeMs)
    return reply(deps, job, lifetimeTooLong(job.bucket, rules.keyMaxAgeMs), { replaceOriginal: true });

  // Every path but a reply about a request under way needs the bucket's keys: they are listed
  // while the latest request is read.
  const listing = listKeysOf(deps, job.bucket, rules.region);
  // The index's copy will do where the next write checks it: a usable approval (the claim) and a
  // request that is over (the create of the next number). One still waiting or issuing is read
  // again, since the answer is taken from it.
  const checkedByNextWrite = (indexed: AccessRequest) =>
    isUsableApproval(indexed, deps.clock.now()) || !isOpen(indexed);
  let latest = await deps.requests.latestFor(job.userId, job.bucket, checkedByNextWrite);
  let takenSeq = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    if (latest && isUsableApproval(latest, now)) {
      return issueKey(
        deps,
        { kind: 'issue', userId: job.userId, requestId: latest.requestId, responseUrl: job.responseUrl },
        latest,
        { listing, listedIn: rules.region },
      );
    }
    if (latest?.state === 'ISSUING')
      return reply(deps, job, issueInProgress(latest), { replaceOriginal: true });
    if (latest?.state === 'PENDING' && !isPastDue(latest, now)) {
      return reply(deps, job, alreadyPending(latest, rules.approvers, approval.approvalsRequired), {
        replaceOriginal: true,
      });
    }

    // The listing also proves the bucket exists before anything is written.
    const listed = await listing;
    if ('error' in listed) {
      const message = await explainFailure(deps, listed.error, {
        bucket: job.bucket,
        region: rules.region,
        action: 'create',
      });
      return reply(deps, job, message, { replaceOriginal: true });
    }
    const keyCount = listed.keys.length;

    const seq = Math.max(latest?.seq ?? 0, takenSeq) + 1;
    const request: AccessRequest = {
      requestId: requestIdFor(job.userId, job.bucket, seq),
      seq,
      requesterId: job.userId,
      bucket: job.bucket,
      region: rules.region,
      reason: job.reason,
      ...(job.lifetimeMs === undefined ? {} : { requestedLifetimeMs: job.lifetimeMs }),
      state: 'PENDING',
      createdAt: now.toISOString(),
      dueAt: new Date(now.getTime() + deps.settings.pendingTtlMs).toISOString(),
      ...(rotates ? { rotates } : {}),
    };
    try {
      await deps.requests.create(request);
    } catch (error) {
      if (!(error instanceof RequestConflictError)) throw error;
      // Someone (usually a concurrent create of the same person) took this id: look again.
      const current = error.current;
      takenSeq = seq;
      if (current && current.requesterId === job.userId && current.bucket === job.bucket) latest = current;
      continue;
    }
    await record(deps, {
      type: 'request_created',
      outcome: 'ok',
      actorId: job.userId,
      ...aboutRequest(request),
      ...(request.reason ? { detail: request.reason } : {}),
    });
    return announce(deps, job, request, {
      keyCount,
      approvers: rules.approvers,
      approvalsRequired: approval.approvalsRequired,
    });
  }
  throw new Error(`could not allocate a request id for ${job.userId} on ${job.bucket}`);
}

async function announce(
  deps: ServiceDependencies,
  job: CreateJob,
  request: AccessRequest,
  facts: ApprovalCardFacts,
): Promise<void> {
  try {
    const posted = await deps.messenger.post(
      deps.settings.approvalChannelId,
      approvalRequestCard(request, facts),
    );
    await deps.requests.setApprovalMessage(request.requestId, posted);
  } catch (error) {
    deps.logger.error('approval request not posted', {
      requestId: request.requestId,
      error: describeError(error),
    });
    const code = error instanceof MessengerError ? error.slackError : 'error';
    return reply(deps, job, approversNotNotified(request, code), { replaceOriginal: true });
  }
  return reply(deps, job, requestCreated(request, facts.approvers), { replaceOriginal: true });
}
