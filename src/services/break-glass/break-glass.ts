import { type AccessRequest, isPastDue, isUsableApproval } from '../../domain/access-request.js';
import type { ApprovalRules, BreakGlassRules } from '../../domain/approval-rules.js';
import { RequestConflictError } from '../../domain/errors.js';
import { grantFromApproval } from '../../domain/grant.js';
import { type BucketRules, keyMaxAgeOf } from '../../domain/policy.js';
import { requestIdFor } from '../../domain/request-id.js';
import type { Job } from '../../ports/job-queue.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { type IssueOutcome, issueKey } from '../issue/issue-key.js';
import type { FailedCall } from '../outcome.js';
import { allocateRequest, type WhenTaken } from '../request/allocate-request.js';
import { showOutcomeToApprovers } from '../request/decide-request.js';
import { DAY_MS } from './announce-break-glass.js';

type CreateJob = Extract<Job, { kind: 'create' }>;

/** A break-glass self-approval is meant for now: if issuing fails, it is usable this long. */
const SELF_APPROVAL_MS = 15 * 60_000;
const MAX_ATTEMPTS = 5;

/** Why a break-glass was refused before anything was written. */
export type BreakGlassRefusal =
  | { why: 'not_allowed' }
  | { why: 'no_reason' }
  | { why: 'limit_reached'; maxPerDay: number };

/** What a break-glass came to: a refusal, a key being issued already, or the issue of its key. */
export type BreakGlassOutcome =
  | ({ kind: 'break_glass_refused'; bucket: string } & BreakGlassRefusal)
  | { kind: 'issue_in_progress'; request: AccessRequest }
  | IssueOutcome
  | FailedCall;

/** The person was answered instead of going on. */
type Answered = { answer: BreakGlassOutcome };

/**
 * `/bucket-key create <bucket> --break-glass <reason>`: for the people the policy allows, a key at
 * once, under a break-glass grant that lives `breakGlass.keyMaxAge` and is reviewed by another
 * approver. The daily limit is taken from a strongly consistent ledger before anything is written;
 * the grant and its review are filed before the key is created, so the approvers hear of it even if
 * the worker dies half-way. Each refusal is audited.
 */
export async function breakGlassKey(
  deps: ServiceDependencies,
  job: CreateJob,
  rules: BucketRules,
  approval: ApprovalRules,
): Promise<BreakGlassOutcome> {
  const glass = approval.breakGlass;
  const refuse = refusal(deps, job, rules);
  if (!glass || !(await deps.directory.expand(glass.allowed)).has(job.userId))
    return refuse('not in breakGlass.allowed', { why: 'not_allowed' });
  if (job.reason.trim() === '') return refuse('no reason given', { why: 'no_reason' });
  try {
    await deps.keys.listKeys(job.bucket, rules.region); // proves the bucket exists before anything is written
  } catch (error) {
    return { kind: 'failed', error, where: { bucket: job.bucket, region: rules.region, action: 'create' } };
  }
  // Nothing is changed before the daily limit is taken; a pending request is superseded only after.
  const first = await clearTheWay(deps, job, false);
  if (isAnswered(first)) return first.answer;
  const limited = await takeUse(deps, job, glass, refuse);
  if (limited) return limited;
  const latest = await clearTheWay(deps, job, true);
  if (isAnswered(latest)) return latest.answer;
  const request = await createBreakGlass(deps, job, rules, latest);
  if (isAnswered(request)) return request.answer;
  await openBreakGlassGrant(deps, request, rules, approval);
  await record(deps, {
    type: 'request_created',
    outcome: 'ok',
    actorId: job.userId,
    ...aboutRequest(request),
    detail: `break-glass: ${request.reason}`,
  });
  const issue = { kind: 'issue' as const, userId: job.userId, requestId: request.requestId };
  return issueKey(deps, { ...issue, responseUrl: job.responseUrl }, request);
}

function isAnswered(value: AccessRequest | undefined | Answered | 'retry'): value is Answered {
  return typeof value === 'object' && 'answer' in value;
}

/** Records a refused break-glass; the refusal is the answer. */
function refusal(deps: ServiceDependencies, job: CreateJob, rules: BucketRules) {
  return async (detail: string, refused: BreakGlassRefusal): Promise<BreakGlassOutcome> => {
    await record(deps, {
      type: 'break_glass_refused',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: job.userId,
      bucket: job.bucket,
      region: rules.region,
      detail,
    });
    return { kind: 'break_glass_refused', bucket: job.bucket, ...refused };
  };
}

/**
 * One open request per person and bucket holds for break-glass too. A key being issued is waited for;
 * an approval already given is used (a key someone approved beats a break-glass); with `supersede`,
 * a pending request is cancelled, visibly on its card, since the break-glass replaces it. Returns the
 * latest request the break-glass follows, or the answer the person was given instead.
 */
async function clearTheWay(
  deps: ServiceDependencies,
  job: CreateJob,
  supersede: boolean,
): Promise<AccessRequest | undefined | Answered> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const latest = await deps.requests.latestFor(job.userId, job.bucket);
    const settled = await settleOpen(deps, job, latest, supersede);
    if (settled !== 'retry') return settled;
  }
  throw new Error(`the requests of ${job.userId} on ${job.bucket} kept changing`);
}

/** What one request of the person's means for a break-glass: see clearTheWay. 'retry': it changed. */
async function settleOpen(
  deps: ServiceDependencies,
  job: CreateJob,
  latest: AccessRequest | undefined,
  supersede: boolean,
): Promise<AccessRequest | undefined | Answered | 'retry'> {
  const now = deps.clock.now();
  if (latest?.state === 'ISSUING') return { answer: { kind: 'issue_in_progress', request: latest } };
  if (latest && isUsableApproval(latest, now)) {
    const issue = { kind: 'issue' as const, userId: job.userId, requestId: latest.requestId };
    return { answer: await issueKey(deps, { ...issue, responseUrl: job.responseUrl }, latest) };
  }
  if (!supersede || latest?.state !== 'PENDING' || isPastDue(latest, now)) return latest;
  try {
    const cancelled = await deps.requests.cancel(latest.requestId, job.userId, now.toISOString());
    await record(deps, {
      type: 'request_cancelled',
      outcome: 'ok',
      actorId: job.userId,
      ...aboutRequest(cancelled),
      detail: 'superseded by a break-glass',
    });
    await showOutcomeToApprovers(deps, cancelled);
    return cancelled;
  } catch (error) {
    // Decided meanwhile: look again.
    if (!(error instanceof RequestConflictError)) throw error;
    return 'retry';
  }
}

/** One use of the daily limit, or the refusal: counted on the ledger, never on a lagging index. */
async function takeUse(
  deps: ServiceDependencies,
  job: CreateJob,
  glass: BreakGlassRules,
  refuse: ReturnType<typeof refusal>,
): Promise<BreakGlassOutcome | undefined> {
  const at = deps.clock.now().toISOString();
  const use = await deps.breakGlassUses.take(job.userId, job.bucket, {
    at,
    windowMs: DAY_MS,
    max: glass.maxPerDay,
  });
  if (use.taken) return undefined;
  const limit = { why: 'limit_reached' as const, maxPerDay: glass.maxPerDay };
  return refuse(`breakGlass.maxPerDay (${glass.maxPerDay}) reached`, limit);
}

/**
 * The break-glass request, created APPROVED by the person themselves, at their next sequence number.
 * A number taken already is a request the lagging index did not show: it is settled as clearTheWay
 * settles the latest (a pending one superseded), so no second open request appears beside it.
 * Or the answer the person was given instead.
 */
async function createBreakGlass(
  deps: ServiceDependencies,
  job: CreateJob,
  rules: BucketRules,
  after: AccessRequest | undefined,
): Promise<AccessRequest | Answered> {
  const allocation = await allocateRequest(
    deps,
    after,
    (seq, now) => breakGlassRequest(job, rules, seq, now),
    async (taken): Promise<WhenTaken<BreakGlassOutcome>> => {
      const settled = await settleOpen(deps, job, taken, true);
      if (isAnswered(settled)) return { answer: settled.answer };
      // Changed while we looked: read it again, and try the number after it.
      const again = settled === 'retry' && taken ? await deps.requests.get(taken.requestId) : undefined;
      return { retryAfter: again ?? (settled === 'retry' ? taken : (settled ?? taken)) };
    },
  );
  return 'created' in allocation ? allocation.created : { answer: allocation.answer };
}

function breakGlassRequest(job: CreateJob, rules: BucketRules, seq: number, now: Date): AccessRequest {
  const at = now.toISOString();
  const expires = new Date(now.getTime() + SELF_APPROVAL_MS).toISOString();
  const requestId = requestIdFor(job.userId, job.bucket, seq);
  return {
    requestId,
    seq,
    requesterId: job.userId,
    bucket: job.bucket,
    region: rules.region,
    reason: job.reason,
    state: 'APPROVED',
    createdAt: at,
    breakGlass: true,
    decidedBy: job.userId,
    decidedAt: at,
    approvalExpiresAt: expires,
    dueAt: expires,
    grantId: requestId,
  };
}

/**
 * The grant exists before the key does, with the break-glass's short life; the issue files its
 * review, due at once, before it makes the key (see issue-key.ts).
 */
async function openBreakGlassGrant(
  deps: ServiceDependencies,
  request: AccessRequest,
  rules: BucketRules,
  approval: ApprovalRules,
): Promise<void> {
  const lifetime = keyMaxAgeOf(request, rules, approval);
  await deps.grants.open(grantFromApproval(request, deps.clock.now(), lifetime));
}
