import { type AccessRequest, isOpen } from '../../domain/access-request.js';
import { GrantConflictError, RequestConflictError } from '../../domain/errors.js';
import { type Grant, isLiveGrant } from '../../domain/grant.js';
import { requestIdFor } from '../../domain/request-id.js';
import type { Job } from '../../ports/job-queue.js';
import { MAX_KEYS_PER_BUCKET } from '../../ports/key-issuer.js';
import type { SlackMessage } from '../../ports/messenger.js';
import {
  alreadyRotating,
  rotateNoFreeSlot,
  rotateRefusedBreakGlass,
  rotateRefusedBucketDelisted,
  rotateRefusedGrantEnded,
  rotateRefusedNotIssued,
  rotateRefusedNotYours,
  rotationBlockedByOpenRequest,
} from '../../slack/messages/lifecycle-messages.js';
import { bucketNotAllowed } from '../../slack/messages/requester-replies.js';
import { keyNotFound } from '../../slack/messages/revoke-messages.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { explainFailure } from '../failures.js';
import { issueKey } from '../issue/issue-key.js';
import { reply } from '../replies.js';
import { allocateRequest } from '../request/allocate-request.js';
import { requestKey } from '../request/request-key.js';
import { grantOf } from './revoke-grant.js';

type RotateJob = Extract<Job, { kind: 'rotate' }>;

/**
 * `/bucket-key rotate`: the holder of a key the bot issued gets another key under the same grant, in
 * the bucket's free slot, delivered as `create` delivers it. The new key ends when the grant does,
 * and a grant that has ended (expired, revoked) cannot be rotated. A new approval, and so a new
 * grant, is needed when the policy sets `rotationNeedsApproval`, or when the bucket's rules now ask
 * for more approvers than the grant had. Once the new key is ISSUED the old one starts RETIRING.
 */
export async function rotateKey(deps: ServiceDependencies, job: RotateJob): Promise<void> {
  const records = await deps.requests.recordsOfKeys(job.bucket, [job.accessKeyId]);
  const held = records.find(
    (r) => r.accessKeyId === job.accessKeyId && (r.state === 'ISSUED' || r.state === 'RETIRING'),
  );
  const rules = deps.policy.rulesFor(job.bucket);
  const region = held?.region ?? rules?.region;
  if (!region) return reply(deps, job, bucketNotAllowed(job.bucket), { replaceOriginal: true });
  const refuse = refusal(deps, job, region, held);

  let keys: Awaited<ReturnType<typeof deps.keys.listKeys>>;
  try {
    keys = await deps.keys.listKeys(job.bucket, region);
  } catch (error) {
    const where = { bucket: job.bucket, region, action: 'rotate' };
    return reply(deps, job, await explainFailure(deps, error, where), { replaceOriginal: true });
  }
  if (!keys.some((key) => key.accessKeyId === job.accessKeyId))
    return reply(deps, job, keyNotFound(job.bucket, job.accessKeyId), { replaceOriginal: true });
  if (!held) return refuse('not issued by bucket-key', rotateRefusedNotIssued(job.bucket, job.accessKeyId));
  if (held.requesterId !== job.userId)
    return refuse('held by someone else', rotateRefusedNotYours(job.bucket, job.accessKeyId));
  if (!rules)
    return refuse('bucket no longer allowed', rotateRefusedBucketDelisted(job.bucket, job.accessKeyId));
  const grant = await grantOf(deps, held);
  if (!isLiveGrant(grant, deps.clock.now())) {
    const revoked = grant.state === 'REVOKED';
    const detail = revoked ? `grant ${grant.grantId} revoked` : `grant ${grant.grantId} expired`;
    return refuse(detail, rotateRefusedGrantEnded(job.bucket, job.accessKeyId, revoked));
  }
  if (held.state === 'RETIRING') return reply(deps, job, alreadyRotating(held), { replaceOriginal: true });
  if (keys.length >= MAX_KEYS_PER_BUCKET) return refuse('no free slot', rotateNoFreeSlot(job.bucket, keys));
  const latest = await deps.requests.latestFor(job.userId, job.bucket);
  if (latest && isOpen(latest))
    return reply(deps, job, rotationBlockedByOpenRequest(latest), { replaceOriginal: true });
  const rotates = { accessKeyId: job.accessKeyId, requestId: held.requestId };
  // An approved rotation would be a new grant: a break-glass key must not become one that way.
  if (grant.breakGlass && deps.policy.lifecycleFor(grant.bucket).rotationNeedsApproval)
    return refuse(
      'break-glass rotation needs approval',
      rotateRefusedBreakGlass(job.bucket, job.accessKeyId),
    );
  if (needsNewApproval(deps, grant)) {
    const reason = `rotation of key ${job.accessKeyId}`;
    const create = { kind: 'create' as const, userId: job.userId, bucket: job.bucket, reason };
    return requestKey(deps, job.responseUrl ? { ...create, responseUrl: job.responseUrl } : create, rotates);
  }
  return rotateWithinGrant(deps, job, grant, held, latest);
}

/** Records and answers a refused rotation. */
function refusal(deps: ServiceDependencies, job: RotateJob, region: string, held: AccessRequest | undefined) {
  return async (detail: string, message: SlackMessage) => {
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
    return reply(deps, job, message, { replaceOriginal: true });
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
): Promise<void> {
  const reason = `rotation of key ${job.accessKeyId}`;
  // A taken number is a concurrent rotate (a double click): that one goes ahead.
  const allocation = await allocateRequest(
    deps,
    latest,
    (seq, now) => successorOf(deps, job, { grant, held, seq, now }),
    async (taken) => ({ answer: taken }),
  );
  if ('answer' in allocation) {
    const current = allocation.answer ?? held;
    return reply(deps, job, rotationBlockedByOpenRequest(current), { replaceOriginal: true });
  }
  const successor = allocation.created;
  if (!(await joinGrant(deps, job, successor))) return;
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

/** The successor joins its grant; a grant that ended meanwhile ends the successor instead. */
async function joinGrant(
  deps: ServiceDependencies,
  job: RotateJob,
  successor: AccessRequest,
): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  try {
    await deps.grants.attach(successor.grantId as string, successor.requestId, at);
    return true;
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
    await reply(deps, job, rotateRefusedGrantEnded(job.bucket, job.accessKeyId, revoked), {
      replaceOriginal: true,
    });
    return false;
  }
}
