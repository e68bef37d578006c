import type { AccessRequest } from '../../domain/access-request.js';
import { RequestConflictError } from '../../domain/errors.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { retireOldKey } from '../revoke-rotate/rotation.js';

const BATCH = 100;

/**
 * The sweeper's part of a rotation: a RETIRING key is deleted when its grace is over, or earlier
 * once Lightsail shows the application has moved: the new key used, and the old key not used
 * since the new key's first use (the new key's last use when a sweep first saw it used, noted with
 * one conditional write). Concurrent sweeps act once: the REVOKED transition has one winner.
 */
export async function retireRotatedKeys(deps: ServiceDependencies, now: string): Promise<number> {
  let retired = 0;
  for (const request of await deps.requests.listDue('RETIRING', now, BATCH)) {
    if (await retire(deps, request, 'its grace period is over')) retired++;
  }
  const retiring = await deps.requests.listOpen('RETIRING', now, BATCH);
  const byBucket = new Map<string, AccessRequest[]>();
  for (const r of retiring) {
    const where = `${r.bucket}\n${r.region}`;
    byBucket.set(where, [...(byBucket.get(where) ?? []), r]);
  }
  for (const requests of byBucket.values()) {
    const { bucket, region } = requests[0] as AccessRequest;
    let keys: BucketKey[];
    try {
      keys = await deps.keys.listKeys(bucket, region);
    } catch (error) {
      deps.logger.warn('could not check rotated keys for use', { bucket, error: describeError(error) });
      continue;
    }
    for (const request of requests) {
      const why = await movedAway(deps, request, keys);
      if (why && (await retire(deps, request, why))) retired++;
    }
  }
  return retired;
}

/** Why the old key may go now, or undefined while the application may still need it. */
async function movedAway(
  deps: ServiceDependencies,
  request: AccessRequest,
  keys: readonly BucketKey[],
): Promise<string | undefined> {
  const old = keys.find((key) => key.accessKeyId === request.accessKeyId);
  const successor = keys.find((key) => key.accessKeyId === request.replacedBy);
  if (!old) return 'it was already gone from Lightsail';
  let firstUse = request.successorUsedAt;
  if (!firstUse) {
    if (!successor?.lastUsedAt) return undefined;
    firstUse = successor.lastUsedAt.toISOString();
    try {
      await deps.requests.noteSuccessorUsed(request.requestId, firstUse);
    } catch (error) {
      if (!(error instanceof RequestConflictError)) throw error;
      // Another sweep noted it first (or the key is gone): use what it noted.
      firstUse = error.current?.successorUsedAt;
      if (!firstUse) return undefined;
    }
  }
  if (old.lastUsedAt && old.lastUsedAt.toISOString() >= firstUse) return undefined;
  return `the application moved to ${request.replacedBy ?? 'the new key'}`;
}

async function retire(deps: ServiceDependencies, request: AccessRequest, why: string): Promise<boolean> {
  if (!(await retireOldKey(deps, request, why))) return false;
  await deps.notifier.oldKeyRetired(request, why);
  return true;
}
