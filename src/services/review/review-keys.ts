import type { AccessRequest } from '../../domain/access-request.js';
import { type Grant, grantIdOf, isLiveGrant } from '../../domain/grant.js';
import { personKindOf } from '../../domain/person.js';
import type { PersonStatus } from '../../domain/policy-explain.js';
import type { GoneWhy, LastUse, ReviewEntry } from '../../domain/review.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { grantOf } from '../revoke-rotate/revoke-grant.js';

/** Lightsail's keys on the bucket now, or undefined when it did not answer (logged). */
export async function bucketKeysNow(
  deps: ServiceDependencies,
  bucket: string,
  region: string,
): Promise<BucketKey[] | undefined> {
  try {
    return await deps.keys.listKeys(bucket, region);
  } catch (error) {
    deps.logger.warn('could not list the keys of a bucket under review', {
      bucket,
      error: describeError(error),
    });
    return undefined;
  }
}

/** Each key's last use as Lightsail reports it: no date for a key never used. */
export function lastUseOf(keys: readonly BucketKey[]): Record<string, LastUse> {
  return Object.fromEntries(
    keys.map((key) => [
      key.accessKeyId,
      {
        ...(key.lastUsedAt ? { at: key.lastUsedAt.toISOString() } : {}),
        ...(key.lastUsedRegion ? { region: key.lastUsedRegion } : {}),
        ...(key.lastUsedService ? { service: key.lastUsedService } : {}),
      },
    ]),
  );
}

const HOLDING: ReadonlyArray<AccessRequest['state']> = ['ISSUED', 'RETIRING'];

/** The requests of a grant that hold a key now. */
export async function keysOfGrant(deps: ServiceDependencies, grant: Grant): Promise<AccessRequest[]> {
  const requests = await Promise.all(grant.requestIds.map((id) => deps.requests.get(id)));
  return requests.filter(
    (r): r is AccessRequest => r !== undefined && HOLDING.includes(r.state) && r.accessKeyId !== undefined,
  );
}

/**
 * Whether a key under review still stands: its grant live, and (when Lightsail answered) one of its
 * keys still on the bucket. Otherwise why it is gone: it is then not reviewed.
 */
export async function goneWhy(
  deps: ServiceDependencies,
  entry: ReviewEntry,
  bucketKeys: readonly BucketKey[] | undefined,
  now: Date,
): Promise<GoneWhy | undefined> {
  const grant = await deps.grants.get(entry.grantId);
  if (!grant || !isLiveGrant(grant, now)) return 'grant_ended';
  if (!bucketKeys) return undefined;
  const present = new Set(bucketKeys.map((key) => key.accessKeyId));
  const held = await keysOfGrant(deps, grant);
  return held.some((r) => present.has(r.accessKeyId as string)) ? undefined : 'deleted_outside';
}

/**
 * The live grants of a bucket, each with the keys it holds: the grants the bot keeps, and for keys
 * issued before grants existed, the grant rebuilt from their request (grantOf).
 */
export async function liveGrantsOn(
  deps: ServiceDependencies,
  bucket: string,
  live: readonly Grant[],
  bucketKeys: readonly BucketKey[] | undefined,
  now: Date,
): Promise<Grant[]> {
  const grants = new Map(live.filter((g) => g.bucket === bucket).map((g) => [g.grantId, g]));
  if (bucketKeys?.length) {
    const records = await deps.requests.recordsOfKeys(
      bucket,
      bucketKeys.map((key) => key.accessKeyId),
    );
    for (const request of records) {
      if (!HOLDING.includes(request.state) || grants.has(grantIdOf(request))) continue;
      const grant = await grantOf(deps, request);
      if (isLiveGrant(grant, now)) grants.set(grant.grantId, grant);
    }
  }
  return [...grants.values()];
}

/** A grant as its reviewers see it at opening; undefined when it holds no key yet (one being issued). */
export async function entryOf(
  deps: ServiceDependencies,
  grant: Grant,
  bucketKeys: readonly BucketKey[] | undefined,
  now: Date,
): Promise<ReviewEntry | undefined> {
  const held = await keysOfGrant(deps, grant);
  if (held.length === 0) return undefined;
  const first = (await deps.requests.get(grant.grantId)) ?? (held[0] as AccessRequest);
  const kind = personKindOf(await statusOf(deps, grant.holderId));
  const used = bucketKeys ? lastUseOf(bucketKeys) : {};
  const issued = held.map((r) => r.issuedAt ?? grant.approvedAt).sort();
  const onBucket = bucketKeys && held.some((r) => used[r.accessKeyId as string] !== undefined);
  return {
    grantId: grant.grantId,
    holderId: grant.holderId,
    ...(kind === 'member' ? {} : { holderKind: kind }),
    keys: held.map((r) => ({
      accessKeyId: r.accessKeyId as string,
      requestId: r.requestId,
      ...(r.issuedAt ? { issuedAt: r.issuedAt } : {}),
      ...(r.state === 'RETIRING' ? { retiring: true } : {}),
    })),
    approvers: [...grant.approvers],
    ...(grant.breakGlass ? { breakGlass: true } : {}),
    approvedAt: grant.approvedAt,
    issuedAt: issued[0] ?? grant.approvedAt,
    reason: first.reason,
    ...(grant.expiresAt ? { expiresAt: grant.expiresAt } : {}),
    lastUse: Object.fromEntries(
      held.flatMap((r) => {
        const use = used[r.accessKeyId as string];
        return use ? [[r.accessKeyId as string, use]] : [];
      }),
    ),
    ...(bucketKeys && !onBucket ? { gone: { at: now.toISOString(), why: 'deleted_outside' as const } } : {}),
  };
}

/** What the directory says of the holder now; undefined when it cannot tell (logged when it failed). */
async function statusOf(deps: ServiceDependencies, userId: string): Promise<PersonStatus | undefined> {
  if (!deps.directory.describe) return undefined;
  try {
    return await deps.directory.describe(userId);
  } catch (error) {
    deps.logger.warn('could not read a key holder from the directory', {
      userId,
      error: describeError(error),
    });
    return undefined;
  }
}
