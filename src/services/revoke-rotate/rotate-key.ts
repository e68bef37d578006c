import { type AccessRequest, isOpen } from '../../domain/access-request.js';
import { GrantConflictError, RequestConflictError } from '../../domain/errors.js';
import { type Grant, isLiveGrant } from '../../domain/grant.js';
import { requestIdFor } from '../../domain/request-id.js';
import type { Job } from '../../ports/job-queue.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import { MAX_KEYS_PER_BUCKET } from '../../ports/key-issuer.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { type IssueOutcome, issueKey } from '../issue/issue-key.js';
import type { FailedCall } from '../outcome.js';
import { allocateRequest } from '../request/allocate-request.js';
import { type CreateOutcome, requestKey } from '../request/request-key.js';
import { grantOf } from './revoke-grant.js';

type RotateJob = Extract<Job, { kind: 'rotate' }>;

/** Why a rotation was refused (audited as `refused_rotate`). */
export type RotateRefusal =
  | { why: 'not_issued' }
  | { why: 'not_yours' }
  | { why: 'bucket_delisted' }
  | { why: 'grant_ended'; revoked: boolean }
  | { why: 'no_free_slot'; keys: BucketKey[] }
  | { why: 'break_glass_needs_approval' };

/** What `/bucket-key rotate` came to: its own answers, a new request's, or the new key's issue. */
export type RotateOutcome =
  | { kind: 'bucket_not_allowed'; bucket: string }
  | { kind: 'key_not_found'; bucket: string; accessKeyId: string }
  | ({ kind: 'rotate_refused'; bucket: string; accessKeyId: string } & RotateRefusal)
  /** The key is being rotated already: its successor exists. */
  | { kind: 'already_rotating'; request: AccessRequest }
  /** Another request of the person's on the bucket is under way. */
  | { kind: 'rotation_blocked'; request: AccessRequest }
  | CreateOutcome
  | IssueOutcome
  | FailedCall;

/**
 * `/bucket-key rotate`: the holder of a key the bot issued gets another key under the same grant, in
 * the bucket's free slot, delivered as `create` delivers it. The new key ends when the grant does,
 * and a grant that has ended (expired, revoked) cannot be rotated. A new approval, and so a new
 * grant, is needed when the policy sets `rotationNeedsApproval`, or when the bucket's rules now ask
 * for more approvers than the grant had. Once the new key is ISSUED the old one starts RETIRING.
 */
export async function rotateKey(deps: ServiceDependencies, job: RotateJob): Promise<RotateOutcome> {
  const records = await deps.requests.recordsOfKeys(job.bucket, [job.accessKeyId]);
  const held = records.find(
    (r) => r.accessKeyId === job.accessKeyId && (r.state === 'ISSUED' || r.state === 'RETIRING'),
  );
  const rules = deps.policy.rulesFor(job.bucket);
  const region = held?.region ?? rules?.region;
  if (!region) return { kind: 'bucket_not_allowed', bucket: job.bucket };
  const refuse = refusal(deps, job, region, held);

  let keys: BucketKey[];
  try {
    keys = await deps.keys.listKeys(job.bucket, region);
  } catch (error) {
    return { kind: 'failed', error, where: { bucket: job.bucket, region, action: 'rotate' } };
  }
  if (!keys.some((key) => key.accessKeyId === job.accessKeyId))
    return { kind: 'key_not_found', bucket: job.bucket, accessKeyId: job.accessKeyId };
  if (!held) return refuse('not issued by bucket-key', { why: 'not_issued' });
  if (held.requesterId !== job.userId) return refuse('held by someone else', { why: 'not_yours' });
  if (!rules) return refuse('bucket no longer allowed', { why: 'bucket_delisted' });
  return rotateHeld(deps, job, { held, keys, refuse });
}

/** The key is the person's and the bot's: its grant, its slot and the person's other requests decide. */
async function rotateHeld(
  deps: ServiceDependencies,
  job: RotateJob,
  { held, keys, refuse }: { held: AccessRequest; keys: BucketKey[]; refuse: ReturnType<typeof refusal> },
): Promise<RotateOutcome> {
  const grant = await grantOf(deps, held);
  if (!isLiveGrant(grant, deps.clock.now())) {
    const revoked = grant.state === 'REVOKED';
    const detail = revoked ? `grant ${grant.grantId} revoked` : `grant ${grant.grantId} expired`;
    return refuse(detail, { why: 'grant_ended', revoked });
  }
  if (held.state === 'RETIRING') return { kind: 'already_rotating', request: held };
  if (keys.length >= MAX_KEYS_PER_BUCKET) return refuse('no free slot', { why: 'no_free_slot', keys });
  const latest = await deps.requests.latestFor(job.userId, job.bucket);
  if (latest && isOpen(latest)) return { kind: 'rotation_blocked', request: latest };
  const rotates = { accessKeyId: job.accessKeyId, requestId: held.requestId };
  // An approved rotation would be a new grant: a break-glass key must not become one that way.
  if (grant.breakGlass && deps.policy.lifecycleFor(grant.bucket).rotationNeedsApproval)
    return refuse('break-glass rotation needs approval', { why: 'break_glass_needs_approval' });
  if (needsNewApproval(deps, grant)) {
    const reason = `rotation of key ${job.accessKeyId}`;
    const create = { kind: 'create' as const, userId: job.userId, bucket: job.bucket, reason };
    return requestKey(deps, job.responseUrl ? { ...create, responseUrl: job.responseUrl } : create, rotates);
  }
  return rotateWithinGrant(deps, job, grant, held, latest);
}

/** Records a refused rotation; the refusal is the answer. */
function refusal(deps: ServiceDependencies, job: RotateJob, region: string, held: AccessRequest | undefined) {
  return async (detail: string, refused: RotateRefusal): Promise<RotateOutcome> => {
    await record(deps, {
      type: 'refused_rotate',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: held?.requesterId ?? job.userId,
      bucket: job.bucket,
      region,
      accessKeyId: job.accessKeyId,
      ...(held ? { requestId: held.requestId } : {}),
      detail,
    });
    return { kind: 'rotate_refused', bucket: job.bucket, accessKeyId: job.accessKeyId, ...refused };
  };
}

/**
 * A grant is only as strong as the rules it was approved under: when the bucket now wants more
 * approvers than it had, or wants every rotation approved, the rotation is a new request. A
 * break-glass grant stays a break-glass (under its review, with its short life); it is never
 * turned into an approval.
 */
function needsNewApproval(deps: ServiceDependencies, grant: Grant): boolean {
  if (grant.breakGlass) return false;
  if (deps.policy.lifecycleFor(grant.bucket).rotationNeedsApproval) return true;
  return deps.policy.approvalRulesFor(grant.bucket).approvalsRequired > grant.approvers.length;
}

/**
 * The successor starts APPROVED under the holder's grant and joins it (one conditional write that
 * needs the grant live), then takes the usual path: claim, create, record, deliver once.
 */
async function rotateWithinGrant(
  deps: ServiceDependencies,
  job: RotateJob,
  grant: Grant,
  held: AccessRequest,
  latest: AccessRequest | undefined,
): Promise<RotateOutcome> {
  const reason = `rotation of key ${job.accessKeyId}`;
  // A taken number is a concurrent rotate (a double click): that one goes ahead.
  const allocation = await allocateRequest(
    deps,
    latest,
    (seq, now) => successorOf(deps, job, { grant, held, seq, now }),
    async (taken) => ({ answer: taken }),
  );
  if ('answer' in allocation) return { kind: 'rotation_blocked', request: allocation.answer ?? held };
  const successor = allocation.created;
  const refused = await joinGrant(deps, job, successor);
  if (refused) return refused;
  await record(deps, {
    type: 'request_created',
    outcome: 'ok',
    actorId: job.userId,
    subjectUserId: job.userId,
    bucket: job.bucket,
    region: successor.region,
    requestId: successor.requestId,
    accessKeyId: job.accessKeyId,
    detail: `${reason}; within grant ${grant.grantId}, no new approval`,
  });
  const issue = { kind: 'issue' as const, userId: job.userId, requestId: successor.requestId };
  return issueKey(deps, job.responseUrl ? { ...issue, responseUrl: job.responseUrl } : issue, successor);
}

/** The rotation's request: APPROVED under the holder's grant, carrying the key it replaces. */
function successorOf(
  deps: ServiceDependencies,
  job: RotateJob,
  at: { grant: Grant; held: AccessRequest; seq: number; now: Date },
): AccessRequest {
  const { grant, held, seq, now } = at;
  const approvalExpiresAt = new Date(now.getTime() + deps.settings.approvalTtlMs).toISOString();
  return {
    requestId: requestIdFor(job.userId, job.bucket, seq),
    seq,
    requesterId: job.userId,
    bucket: job.bucket,
    region: held.region,
    reason: `rotation of key ${job.accessKeyId}`,
    state: 'APPROVED',
    createdAt: now.toISOString(),
    dueAt: approvalExpiresAt,
    approvalExpiresAt,
    grantId: grant.grantId,
    ...(grant.breakGlass ? { breakGlass: true } : {}),
    rotates: { accessKeyId: job.accessKeyId, requestId: held.requestId },
  };
}

/** The successor joins its grant; a grant that ended meanwhile ends the successor instead (the refusal). */
async function joinGrant(
  deps: ServiceDependencies,
  job: RotateJob,
  successor: AccessRequest,
): Promise<RotateOutcome | undefined> {
  const at = deps.clock.now().toISOString();
  try {
    await deps.grants.attach(successor.grantId as string, successor.requestId, at);
    return undefined;
  } catch (error) {
    if (!(error instanceof GrantConflictError)) throw error;
    await deps.requests
      .revokeUndelivered(successor.requestId, successor, { userId: job.userId, at })
      .catch((ended: unknown) => {
        if (!(ended instanceof RequestConflictError)) throw ended;
      });
    const revoked = error.current?.state === 'REVOKED';
    await record(deps, {
      type: 'refused_rotate',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: job.userId,
      bucket: job.bucket,
      region: successor.region,
      requestId: successor.requestId,
      accessKeyId: job.accessKeyId,
      detail: `grant ${successor.grantId} ${revoked ? 'revoked' : 'expired'} during the rotation`,
    });
    return {
      kind: 'rotate_refused',
      bucket: job.bucket,
      accessKeyId: job.accessKeyId,
      why: 'grant_ended',
      revoked,
    };
  }
}
