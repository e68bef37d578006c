import { type AccessRequest, isOpen } from '../domain/access-request.js';
import { RequestConflictError } from '../domain/errors.js';
import { requestIdFor } from '../domain/request-id.js';
import type { Job } from '../ports/job-queue.js';
import { MAX_KEYS_PER_BUCKET } from '../ports/key-issuer.js';
import {
  alreadyRotating,
  rotateNoFreeSlot,
  rotateRefusedNotIssued,
  rotateRefusedNotYours,
  rotationBlockedByOpenRequest,
} from '../slack/messages/lifecycle-messages.js';
import { bucketNotAllowed } from '../slack/messages/requester-replies.js';
import { keyNotFound } from '../slack/messages/revoke-messages.js';
import { record } from './audit-record.js';
import type { ServiceDependencies } from './dependencies.js';
import { explainFailure } from './failures.js';
import { issueKey } from './issue-key.js';
import { reply } from './replies.js';
import { requestKey } from './request-key.js';

type RotateJob = Extract<Job, { kind: 'rotate' }>;

/**
 * `/bucket-key rotate`: the holder of a key the bot issued gets a new key in the bucket's free slot,
 * delivered as `create` delivers it. The new key's request carries `rotates`; once it is ISSUED the old
 * key starts RETIRING (see rotation.ts) and the sweeper deletes it. No new approval is asked for,
 * unless the bucket's policy sets `rotationNeedsApproval`: then the request goes to the approvers.
 */
export async function rotateKey(deps: ServiceDependencies, job: RotateJob): Promise<void> {
  const rules = deps.policy.rulesFor(job.bucket);
  if (!rules) return reply(deps, job, bucketNotAllowed(job.bucket), { replaceOriginal: true });
  const records = await deps.requests.recordsOfKeys(job.bucket, [job.accessKeyId]);
  const held = records.find(
    (r) => r.accessKeyId === job.accessKeyId && (r.state === 'ISSUED' || r.state === 'RETIRING'),
  );
  const refuse = async (detail: string, message: Parameters<typeof reply>[2]) => {
    await record(deps, {
      type: 'refused_rotate',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: held?.requesterId ?? job.userId,
      bucket: job.bucket,
      region: rules.region,
      accessKeyId: job.accessKeyId,
      ...(held ? { requestId: held.requestId } : {}),
      detail,
    });
    return reply(deps, job, message, { replaceOriginal: true });
  };

  let keys: Awaited<ReturnType<typeof deps.keys.listKeys>>;
  try {
    keys = await deps.keys.listKeys(job.bucket, rules.region);
  } catch (error) {
    const where = { bucket: job.bucket, region: rules.region, action: 'rotate' };
    return reply(deps, job, await explainFailure(deps, error, where), { replaceOriginal: true });
  }
  if (!keys.some((key) => key.accessKeyId === job.accessKeyId))
    return reply(deps, job, keyNotFound(job.bucket, job.accessKeyId), { replaceOriginal: true });
  if (!held) return refuse('not issued by bucket-key', rotateRefusedNotIssued(job.bucket, job.accessKeyId));
  if (held.requesterId !== job.userId)
    return refuse('held by someone else', rotateRefusedNotYours(job.bucket, job.accessKeyId));
  if (held.state === 'RETIRING') return reply(deps, job, alreadyRotating(held), { replaceOriginal: true });
  if (keys.length >= MAX_KEYS_PER_BUCKET) return refuse('no free slot', rotateNoFreeSlot(job.bucket, keys));

  const latest = await deps.requests.latestFor(job.userId, job.bucket);
  if (latest && isOpen(latest))
    return reply(deps, job, rotationBlockedByOpenRequest(latest), { replaceOriginal: true });
  const rotates = { accessKeyId: job.accessKeyId, requestId: held.requestId };
  const reason = `rotation of key ${job.accessKeyId}`;
  if (deps.policy.lifecycleFor(job.bucket).rotationNeedsApproval) {
    const create = { kind: 'create' as const, userId: job.userId, bucket: job.bucket, reason };
    return requestKey(deps, job.responseUrl ? { ...create, responseUrl: job.responseUrl } : create, rotates);
  }

  // The holder's approval carries over: the successor starts APPROVED, then takes the usual path
  // (claim, create, record, deliver once), so every failure is handled as for any other key.
  const now = deps.clock.now();
  const seq = (latest?.seq ?? 0) + 1;
  const approvalExpiresAt = new Date(now.getTime() + deps.settings.approvalTtlMs).toISOString();
  const successor: AccessRequest = {
    requestId: requestIdFor(job.userId, job.bucket, seq),
    seq,
    requesterId: job.userId,
    bucket: job.bucket,
    region: rules.region,
    reason,
    state: 'APPROVED',
    createdAt: now.toISOString(),
    dueAt: approvalExpiresAt,
    approvalExpiresAt,
    decidedAt: now.toISOString(),
    ...(held.decidedBy ? { decidedBy: held.decidedBy } : {}),
    rotates,
  };
  try {
    await deps.requests.create(successor);
  } catch (error) {
    if (!(error instanceof RequestConflictError)) throw error;
    // A concurrent rotate (a double click) took this id: that one goes ahead.
    const current = error.current ?? successor;
    return reply(deps, job, rotationBlockedByOpenRequest(current), { replaceOriginal: true });
  }
  await record(deps, {
    type: 'request_created',
    outcome: 'ok',
    actorId: job.userId,
    subjectUserId: job.userId,
    bucket: job.bucket,
    region: rules.region,
    requestId: successor.requestId,
    accessKeyId: job.accessKeyId,
    detail: `${reason}; no new approval needed`,
  });
  const issue = { kind: 'issue' as const, userId: job.userId, requestId: successor.requestId };
  return issueKey(deps, job.responseUrl ? { ...issue, responseUrl: job.responseUrl } : issue, successor);
}
