import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import type { Grant } from '../../domain/grant.js';
import type { DelistedKey } from '../../ports/notices/sweep-notices.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';
import { revokeGrant } from '../revoke-rotate/revoke-grant.js';

const BATCH = 100;

/** The sweeper's grant duties: finish revokes that left keys alive; tell of buckets that left the policy. */
export async function sweepGrants(
  deps: ServiceDependencies,
  now: string,
): Promise<{ revocationsFinished: number; delistedBuckets: number }> {
  return {
    revocationsFinished: await finishRevocations(deps),
    delistedBuckets: await reportDelistedBuckets(deps, now),
  };
}

/** A revoke that a Lightsail failure or a dead worker left half done is run again until every key is gone. */
async function finishRevocations(deps: ServiceDependencies): Promise<number> {
  let finished = 0;
  for (const grant of await deps.grants.unfinishedRevocations(BATCH)) {
    try {
      const done = await revokeGrant(deps, grant.grantId, {
        userId: SYSTEM_ACTOR,
        why: `finishing the revoke by ${grant.revokedBy ?? 'someone'}`,
      });
      if (done.surviving.length === 0) finished++;
    } catch (error) {
      deps.logger.warn('could not finish a revoke; the next sweep tries again', {
        grantId: grant.grantId,
        error: describeError(error),
      });
    }
  }
  return finished;
}

/**
 * Buckets the policy no longer lists that still hold live grants: the approvers' channel is told
 * once, each key with a Revoke button. Each grant is noted (one conditional write) before the post,
 * so concurrent sweeps tell once; a failed post forgets the note, so the next sweep tells.
 */
async function reportDelistedBuckets(deps: ServiceDependencies, now: string): Promise<number> {
  const byBucket = new Map<string, Grant[]>();
  for (const grant of await deps.grants.live(now)) {
    if (deps.policy.rulesFor(grant.bucket) || grant.delistNoticedAt) continue;
    byBucket.set(grant.bucket, [...(byBucket.get(grant.bucket) ?? []), grant]);
  }
  let told = 0;
  for (const [bucket, grants] of byBucket) {
    const keys = await liveKeysOf(deps, grants);
    if (keys.length === 0) continue;
    const noted = (
      await Promise.all(grants.map((g) => wroteFirst(() => deps.grants.noteDelisted(g.grantId, now))))
    ).some(Boolean);
    if (!noted) continue;
    const region = (grants[0] as Grant).region;
    try {
      await deps.notifier.bucketDelisted(bucket, region, keys);
    } catch (error) {
      deps.logger.warn('could not tell of a de-listed bucket; the next sweep tries again', {
        bucket,
        error: describeError(error),
      });
      await Promise.all(grants.map((g) => deps.grants.forgetDelisted(g.grantId, now)));
      continue;
    }
    await record(deps, {
      type: 'bucket_delisted_with_keys',
      outcome: 'ok',
      actorId: SYSTEM_ACTOR,
      bucket,
      region,
      detail: `live keys: ${keys.map((k) => `${k.accessKeyId} (${k.holderId})`).join(', ')}`,
    });
    told++;
  }
  return told;
}

async function liveKeysOf(deps: ServiceDependencies, grants: readonly Grant[]): Promise<DelistedKey[]> {
  const keys: DelistedKey[] = [];
  for (const grant of grants) {
    for (const id of grant.requestIds) {
      const request = await deps.requests.get(id);
      if (!request?.accessKeyId || (request.state !== 'ISSUED' && request.state !== 'RETIRING')) continue;
      keys.push({
        accessKeyId: request.accessKeyId,
        holderId: request.requesterId,
        ...(request.keyExpiresAt ? { expiresAt: request.keyExpiresAt } : {}),
      });
    }
  }
  return keys;
}
