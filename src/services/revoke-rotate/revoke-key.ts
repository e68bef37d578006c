import type { AccessRequest } from '../../domain/access-request.js';
import { StateConflictError } from '../../domain/errors.js';
import type { Job } from '../../ports/job-queue.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { refreshBucketCount } from '../issue/refresh-bucket-catalog.js';
import type { FailedCall } from '../outcome.js';
import { revokerQualification } from '../request/approvers.js';
import { type GrantRevocation, grantOf, revokeGrant } from './revoke-grant.js';

type RevokeJob = Extract<Job, { kind: 'revoke' }>;

/** What a revoke did, for its caller to act on (a review closes only on a confirmed deletion). */
export type RevokeOutcome =
  | { kind: 'bucket_not_allowed'; bucket: string }
  | { kind: 'revoke_refused'; bucket: string }
  | { kind: 'key_not_found'; bucket: string; accessKeyId: string }
  | FailedCall
  | { kind: 'key_revoked'; bucket: string; accessKeyId: string }
  | { kind: 'grant_revoked'; bucket: string; revocation: GrantRevocation; holderId: string };

/**
 * A confirmed revoke. The holder's own revoke deletes that one key; an approver's revoke of a key the
 * bot issued revokes its whole grant (every key of it, rotations included); a key the bot did not
 * issue may be deleted by an approver. The key is deleted first, then its record moves to REVOKED,
 * so a failure never claims a live key is gone. A bucket that left the policy is found in the region
 * recorded with its keys, and its keys stay revocable by their grant's approvers and the defaults.
 */
export async function revokeKey(deps: ServiceDependencies, job: RevokeJob): Promise<RevokeOutcome> {
  const owned = await recordOfLiveKey(deps, job.bucket, job.accessKeyId);
  const region = owned?.region ?? deps.policy.rulesFor(job.bucket)?.region;
  if (!region) return { kind: 'bucket_not_allowed', bucket: job.bucket };
  return revokeAs(deps, job, region, owned);
}

/**
 * The bot's record of a key that may still work: ISSUED, RETIRING, or ISSUING (its secret on its
 * way). The index that finds it lags the table, so the record is read again from the table.
 */
async function recordOfLiveKey(
  deps: ServiceDependencies,
  bucket: string,
  accessKeyId: string,
): Promise<AccessRequest | undefined> {
  const records = await deps.requests.recordsOfKeys(bucket, [accessKeyId]);
  for (const indexed of records.filter((r) => r.accessKeyId === accessKeyId)) {
    const current = await deps.requests.get(indexed.requestId);
    if (current && ['ISSUED', 'RETIRING', 'ISSUING'].includes(current.state)) return current;
  }
  return undefined;
}

async function revokeAs(
  deps: ServiceDependencies,
  job: RevokeJob,
  region: string,
  owned: AccessRequest | undefined,
): Promise<RevokeOutcome> {
  const base = {
    actorId: job.userId,
    bucket: job.bucket,
    region,
    accessKeyId: job.accessKeyId,
    subjectUserId: owned?.requesterId ?? job.userId,
    ...(owned ? { requestId: owned.requestId } : {}),
  };
  const holder = owned?.requesterId === job.userId;
  // The holder's own revoke of a key still being delivered would race its delivery: the grant's
  // revoke handles that race, so it is used for a key in ISSUING whoever asks.
  const wholeGrant = owned !== undefined && (!holder || owned.state === 'ISSUING');
  const grant = wholeGrant ? await grantOf(deps, owned) : undefined;
  if (!holder && !(await revokerQualification(deps, job.bucket, job.userId, grant))) {
    await record(deps, { type: 'refused_revoke', outcome: 'refused', ...base });
    return { kind: 'revoke_refused', bucket: job.bucket };
  }
  if (owned && grant) {
    const why = `revoke of ${job.accessKeyId}`;
    const revocation = await revokeGrant(deps, grant.grantId, { userId: job.userId, why });
    return { kind: 'grant_revoked', bucket: job.bucket, revocation, holderId: owned.requesterId };
  }
  try {
    if (!owned) {
      const keys = await deps.keys.listKeys(job.bucket, region);
      if (!keys.some((key) => key.accessKeyId === job.accessKeyId))
        return { kind: 'key_not_found', bucket: job.bucket, accessKeyId: job.accessKeyId };
    }
    await deps.keys.deleteKey(job.bucket, region, job.accessKeyId);
  } catch (error) {
    return { kind: 'failed', error, where: { bucket: job.bucket, region, action: 'revoke' } };
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
  await refreshBucketCount(deps, job.bucket, region);
  return { kind: 'key_revoked', bucket: job.bucket, accessKeyId: job.accessKeyId };
}
