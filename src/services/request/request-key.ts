import { type AccessRequest, isOpen, isPastDue, isUsableApproval } from '../../domain/access-request.js';
import { type ApprovalRules, reasonShortfall } from '../../domain/approval-rules.js';
import { MessengerError } from '../../domain/errors.js';
import type { BucketRules } from '../../domain/policy.js';
import { requestIdFor } from '../../domain/request-id.js';
import type { Job } from '../../ports/job-queue.js';
import { type ApprovalCardFacts, approvalRequestCard } from '../../slack/messages/approval-request.js';
import { usage } from '../../slack/messages/error-messages.js';
import {
  alreadyPending,
  approversNotNotified,
  bucketNotAllowed,
  issueInProgress,
  lifetimeTooLong,
  requestCreated,
} from '../../slack/messages/requester-replies.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import { breakGlassKey } from '../break-glass/break-glass.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError, explainFailure } from '../failures.js';
import { issueKey } from '../issue/issue-key.js';
import { type KeyListing, listKeysOf } from '../issue/issue-support.js';
import { reply } from '../replies.js';
import { allocateRequest } from './allocate-request.js';

type CreateJob = Extract<Job, { kind: 'create' }>;

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
  if (await refusedInput(deps, job, rules, approval)) return;

  // Every path but a reply about a request under way needs the bucket's keys: they are listed
  // while the latest request is read.
  const listing = listKeysOf(deps, job.bucket, rules.region);
  // The index's copy will do where the next write checks it: a usable approval (the claim) and a
  // request that is over (the create of the next number). One still waiting or issuing is read
  // again, since the answer is taken from it.
  const checkedByNextWrite = (indexed: AccessRequest) =>
    isUsableApproval(indexed, deps.clock.now()) || !isOpen(indexed);
  const latest = await deps.requests.latestFor(job.userId, job.bucket, checkedByNextWrite);
  const open = (request: AccessRequest | undefined) =>
    answerForOpen(deps, job, request, { rules, approval, listing });
  if (await open(latest)) return;

  // The listing also proves the bucket exists before anything is written.
  const listed = await listing;
  if ('error' in listed) {
    const where = { bucket: job.bucket, region: rules.region, action: 'create' };
    return reply(deps, job, await explainFailure(deps, listed.error, where), { replaceOriginal: true });
  }
  const allocation = await allocateRequest(
    deps,
    latest,
    (seq, now) => pendingRequest(deps, job, rules, { seq, now, rotates }),
    async (taken) => ((await open(taken)) ? { answer: true } : { retryAfter: taken }),
  );
  if ('answer' in allocation) return;
  const request = allocation.created;
  await record(deps, {
    type: 'request_created',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(request),
    ...(request.reason ? { detail: request.reason } : {}),
  });
  return announce(deps, job, request, {
    keyCount: listed.keys.length,
    approvers: rules.approvers,
    approvalsRequired: approval.approvalsRequired,
  });
}

/** Checked before anything is read or written: an inadequate reason or lifetime records nothing. */
async function refusedInput(
  deps: ServiceDependencies,
  job: CreateJob,
  rules: BucketRules,
  approval: ApprovalRules,
): Promise<boolean> {
  const shortfall = reasonShortfall(approval, job.reason);
  if (shortfall) {
    await reply(deps, job, usage(shortfall), { replaceOriginal: true });
    return true;
  }
  // The modal checked this against the catalog; the rules in force now decide.
  if (job.lifetimeMs !== undefined && rules.keyMaxAgeMs !== undefined && job.lifetimeMs > rules.keyMaxAgeMs) {
    await reply(deps, job, lifetimeTooLong(job.bucket, rules.keyMaxAgeMs), { replaceOriginal: true });
    return true;
  }
  return false;
}

/**
 * A request of the person's that is under way answers the create: a usable approval is issued, an
 * issue in progress or a pending request is reported. True when the person was answered.
 */
async function answerForOpen(
  deps: ServiceDependencies,
  job: CreateJob,
  request: AccessRequest | undefined,
  context: { rules: BucketRules; approval: ApprovalRules; listing: Promise<KeyListing> },
): Promise<boolean> {
  const now = deps.clock.now();
  if (!request) return false;
  if (isUsableApproval(request, now)) {
    const issue = { kind: 'issue' as const, userId: job.userId, requestId: request.requestId };
    const listed = { listing: context.listing, listedIn: context.rules.region };
    await issueKey(deps, { ...issue, responseUrl: job.responseUrl }, request, listed);
    return true;
  }
  if (request.state === 'ISSUING') {
    await reply(deps, job, issueInProgress(request), { replaceOriginal: true });
    return true;
  }
  if (request.state !== 'PENDING' || isPastDue(request, now)) return false;
  const message = alreadyPending(request, context.rules.approvers, context.approval.approvalsRequired);
  await reply(deps, job, message, { replaceOriginal: true });
  return true;
}

function pendingRequest(
  deps: ServiceDependencies,
  job: CreateJob,
  rules: BucketRules,
  at: { seq: number; now: Date; rotates: AccessRequest['rotates'] | undefined },
): AccessRequest {
  const { seq, now, rotates } = at;
  return {
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
