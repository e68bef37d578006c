import { StateConflictError } from '../domain/errors.js';
import type { Job } from '../ports/job-queue.js';
import { bucketNotAllowed } from '../slack/messages/requester-replies.js';
import { keyNotFound, keyRevoked, revokeRefused, yourKeyRevoked } from '../slack/messages/revoke-messages.js';
import { isApproverFor } from './approvers.js';
import { record } from './audit-record.js';
import type { ServiceDependencies } from './dependencies.js';
import { explainFailure } from './failures.js';
import { publishHome } from './publish-home.js';
import { refreshBucketCount } from './refresh-bucket-catalog.js';
import { reply } from './replies.js';

type RevokeJob = Extract<Job, { kind: 'revoke' }>;

/**
 * A confirmed revoke. Allowed to the person the key was issued to and to the bucket's
 * approvers; keys the bot did not issue, to approvers only. The key is deleted first, then
 * the record moves ISSUED → REVOKED, so a failure never claims a live key is gone.
 */
export async function revokeKey(deps: ServiceDependencies, job: RevokeJob): Promise<void> {
  const rules = deps.policy.rulesFor(job.bucket);
  if (!rules) return reply(deps, job, bucketNotAllowed(job.bucket));
  const records = await deps.requests.recordsOfKeys(job.bucket, [job.accessKeyId]);
  const owned = records.find(
    (r) => r.accessKeyId === job.accessKeyId && (r.state === 'ISSUED' || r.state === 'RETIRING'),
  );
  const allowed = owned?.requesterId === job.userId || (await isApproverFor(deps, job.bucket, job.userId));
  const base = {
    actorId: job.userId,
    bucket: job.bucket,
    region: rules.region,
    accessKeyId: job.accessKeyId,
    subjectUserId: owned?.requesterId ?? job.userId,
    ...(owned ? { requestId: owned.requestId } : {}),
  };
  if (!allowed) {
    await record(deps, { type: 'refused_revoke', outcome: 'refused', ...base });
    return reply(deps, job, revokeRefused(job.bucket), { replaceOriginal: true });
  }

  try {
    const keys = await deps.keys.listKeys(job.bucket, rules.region);
    if (!keys.some((key) => key.accessKeyId === job.accessKeyId)) {
      return reply(deps, job, keyNotFound(job.bucket, job.accessKeyId), { replaceOriginal: true });
    }
    await deps.keys.deleteKey(job.bucket, rules.region, job.accessKeyId);
  } catch (error) {
    const message = await explainFailure(deps, error, {
      bucket: job.bucket,
      region: rules.region,
      action: 'revoke',
    });
    return reply(deps, job, message, { replaceOriginal: true });
  }
  if (owned) {
    await deps.requests
      .revoke(owned.requestId, job.accessKeyId, { userId: job.userId, at: deps.clock.now().toISOString() })
      .catch((error: unknown) => {
        if (!(error instanceof StateConflictError)) throw error;
      });
  }
  await record(deps, {
    type: 'key_revoked',
    outcome: 'ok',
    ...base,
    ...(owned ? {} : { detail: 'not issued by bucket-key' }),
  });
  await reply(deps, job, keyRevoked(job.bucket, job.accessKeyId), { replaceOriginal: true });
  await refreshBucketCount(deps, job.bucket, rules.region);
  if (owned && owned.requesterId !== job.userId) {
    await reply(deps, { userId: owned.requesterId }, yourKeyRevoked(job.bucket, job.accessKeyId, job.userId));
  }
  // Revoke from App Home (no response_url): the tab shows the key gone.
  if (!job.responseUrl) await publishHome(deps, job.userId);
}
