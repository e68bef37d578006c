import { type AccessRequest, isOpen, isPastDue, isUsableApproval } from '../../domain/access-request.js';
import { type ApprovalRules, reasonShortfall } from '../../domain/approval-rules.js';
import { MessengerError } from '../../domain/errors.js';
import type { BucketRules } from '../../domain/policy.js';
import { requestIdFor } from '../../domain/request-id.js';
import type { Job } from '../../ports/job-queue.js';
import type { ApprovalCardFacts } from '../../ports/notices/request-notices.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import { type BreakGlassOutcome, breakGlassKey } from '../break-glass/break-glass.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { type IssueOutcome, issueKey } from '../issue/issue-key.js';
import { type KeyListing, listKeysOf } from '../issue/issue-support.js';
import type { FailedCall } from '../outcome.js';
import { allocateRequest, type WhenTaken } from './allocate-request.js';

type CreateJob = Extract<Job, { kind: 'create' }>;

/** What `/bucket-key create` came to: its own answers, or an issue's or a break-glass's. */
export type CreateOutcome =
  | { kind: 'bucket_not_allowed'; bucket: string }
  /** The reason the bucket's rules ask for is missing or too short: nothing was recorded. */
  | { kind: 'reason_shortfall'; shortfall: string }
  | { kind: 'lifetime_too_long'; bucket: string; maxAgeMs: number }
  | { kind: 'issue_in_progress'; request: AccessRequest }
  | {
      kind: 'already_pending';
      request: AccessRequest;
      approvers: readonly string[];
      approvalsRequired: number;
    }
  | { kind: 'request_created'; request: AccessRequest; approvers: readonly string[] }
  /** Recorded, but the approvers' card could not be posted (Slack's error code). */
  | { kind: 'approvers_not_notified'; request: AccessRequest; slackError: string }
  | IssueOutcome
  | BreakGlassOutcome
  | FailedCall;

/**
 * `/bucket-key create`: uses a valid approval at once, or records a PENDING request
 * and asks the approvers. At most one open request per person and bucket.
 */
export async function requestKey(
  deps: ServiceDependencies,
  job: CreateJob,
  /** A rotation that needs an approval (rotate-key.ts): the key this request's key replaces. */
  rotates?: AccessRequest['rotates'],
): Promise<CreateOutcome> {
  const rules = deps.policy.rulesFor(job.bucket);
  if (!rules) return { kind: 'bucket_not_allowed', bucket: job.bucket };
  const approval = deps.policy.approvalRulesFor(job.bucket);
  if (job.breakGlass) return breakGlassKey(deps, job, rules, approval);
  const refused = refusedInput(job, rules, approval);
  if (refused) return refused;

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
  const answered = await open(latest);
  if (answered) return answered;

  // The listing also proves the bucket exists before anything is written.
  const listed = await listing;
  if ('error' in listed)
    return {
      kind: 'failed',
      error: listed.error,
      where: { bucket: job.bucket, region: rules.region, action: 'create' },
    };
  const allocation = await allocateRequest(
    deps,
    latest,
    (seq, now) => pendingRequest(deps, job, rules, { seq, now, rotates }),
    async (taken): Promise<WhenTaken<CreateOutcome>> => {
      const answer = await open(taken);
      return answer ? { answer } : { retryAfter: taken };
    },
  );
  if ('answer' in allocation) return allocation.answer;
  const request = allocation.created;
  await record(deps, {
    type: 'request_created',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(request),
    ...(request.reason ? { detail: request.reason } : {}),
  });
  return announce(deps, request, {
    keyCount: listed.keys.length,
    approvers: rules.approvers,
    approvalsRequired: approval.approvalsRequired,
  });
}

/** Checked before anything is read or written: an inadequate reason or lifetime records nothing. */
function refusedInput(
  job: CreateJob,
  rules: BucketRules,
  approval: ApprovalRules,
): CreateOutcome | undefined {
  const shortfall = reasonShortfall(approval, job.reason);
  if (shortfall) return { kind: 'reason_shortfall', shortfall };
  // The modal checked this against the catalog; the rules in force now decide.
  if (job.lifetimeMs !== undefined && rules.keyMaxAgeMs !== undefined && job.lifetimeMs > rules.keyMaxAgeMs)
    return { kind: 'lifetime_too_long', bucket: job.bucket, maxAgeMs: rules.keyMaxAgeMs };
  return undefined;
}

/**
 * A request of the person's that is under way answers the create: a usable approval is issued, an
 * issue in progress or a pending request is reported. Undefined when nothing is under way.
 */
async function answerForOpen(
  deps: ServiceDependencies,
  job: CreateJob,
  request: AccessRequest | undefined,
  context: { rules: BucketRules; approval: ApprovalRules; listing: Promise<KeyListing> },
): Promise<CreateOutcome | undefined> {
  const now = deps.clock.now();
  if (!request) return undefined;
  if (isUsableApproval(request, now)) {
    const issue = { kind: 'issue' as const, userId: job.userId, requestId: request.requestId };
    const listed = { listing: context.listing, listedIn: context.rules.region };
    return issueKey(deps, { ...issue, responseUrl: job.responseUrl }, request, listed);
  }
  if (request.state === 'ISSUING') return { kind: 'issue_in_progress', request };
  if (request.state !== 'PENDING' || isPastDue(request, now)) return undefined;
  const { approvers } = context.rules;
  return {
    kind: 'already_pending',
    request,
    approvers,
    approvalsRequired: context.approval.approvalsRequired,
  };
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

/** Posts the approvers' card and keeps where it is, so a decision can replace it. */
async function announce(
  deps: ServiceDependencies,
  request: AccessRequest,
  facts: ApprovalCardFacts,
): Promise<CreateOutcome> {
  try {
    const posted = await deps.notifier.approvalRequested(request, facts);
    await deps.requests.setApprovalMessage(request.requestId, posted);
  } catch (error) {
    deps.logger.error('approval request not posted', {
      requestId: request.requestId,
      error: describeError(error),
    });
    const slackError = error instanceof MessengerError ? error.slackError : 'error';
    return { kind: 'approvers_not_notified', request, slackError };
  }
  return { kind: 'request_created', request, approvers: facts.approvers };
}
