import type { AccessRequest } from '../../domain/access-request.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { StateConflictError } from '../../domain/errors.js';
import type { RepairCause } from '../../ports/notices/key-notices.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/** Lightsail's clock and ours may differ a little. */
const CLOCK_SKEW_MS = 5_000;

/**
 * Keys a claim's create may have left on its bucket with nobody holding their secret: not on the
 * bucket when it was listed for the claim (`keysBeforeCreate`), created while the claim was held (up
 * to `until`), and recorded by no request. A key made by hand before that listing is never among them.
 *
 * Undefined when that cannot be told now: another claim on the bucket is still running, and an
 * unrecorded key may be the one it is about to record and deliver.
 */
export async function orphansOfClaim(
  deps: ServiceDependencies,
  request: AccessRequest,
  until: Date,
): Promise<string[] | undefined> {
  // The claim's write keeps the listing only when a create follows: without one, none was sent.
  if (!request.keysBeforeCreate) return [];
  const before = new Set(request.keysBeforeCreate);
  const from = Date.parse(request.claimedAt ?? request.createdAt) - CLOCK_SKEW_MS;
  const to = until.getTime() + CLOCK_SKEW_MS;
  const candidates = (await deps.keys.listKeys(request.bucket, request.region))
    .filter((key) => !before.has(key.accessKeyId))
    .filter((key) => key.createdAt.getTime() >= from && key.createdAt.getTime() <= to)
    .map((key) => key.accessKeyId);
  if (candidates.length === 0) return [];
  // Read after listing, in this order: another claim whose key is in the listing claimed before
  // the listing, so it is either still live now, or has recorded its key before leaving ISSUING.
  const others = await deps.requests.liveClaimsOn(request.bucket, deps.clock.now().toISOString());
  if (others.some((other) => other.requestId !== request.requestId)) return undefined;
  const records = await deps.requests.recordsOfKeys(request.bucket, candidates);
  const recorded = new Set(records.map((r) => r.accessKeyId));
  return candidates.filter((id) => !recorded.has(id));
}

/** Deletes a claim's keys (already gone counts as deleted). */
export async function deleteKeys(
  deps: ServiceDependencies,
  request: AccessRequest,
  accessKeyIds: readonly string[],
): Promise<void> {
  for (const accessKeyId of accessKeyIds)
    await deps.keys.deleteKey(request.bucket, request.region, accessKeyId);
}

/** Audits a repaired claim and, when keys were deleted, tells the approvers which and why. */
export async function reportRepair(
  deps: ServiceDependencies,
  request: AccessRequest,
  accessKeyIds: readonly string[],
  cause: RepairCause,
): Promise<void> {
  await record(deps, {
    type: 'issuing_repaired',
    outcome: 'ok',
    actorId: SYSTEM_ACTOR,
    ...aboutRequest(request),
    ...(accessKeyIds.length === 1 ? { accessKeyId: accessKeyIds[0] } : {}),
    detail: accessKeyIds.length ? `deleted ${accessKeyIds.join(', ')} (${cause})` : 'no key was left behind',
  });
  if (accessKeyIds.length === 0) return;
  const { bucket, region, requestId } = request;
  await deps.notifier.keysDeletedByRepair({ bucket, region, requestId, accessKeyIds, cause });
}

/**
 * Lightsail answered a create, but not with a usable key. It has finished, so what it left behind
 * is settled now rather than after ISSUING_TIMEOUT: the key it named, or else the claim's orphans,
 * are deleted and the approval is given back. Returns the deleted key ids, or undefined when the
 * claim is left for the sweeper (a failed step, or another claim on the bucket still running).
 */
export async function settleFailedCreate(
  deps: ServiceDependencies,
  request: AccessRequest,
  token: string,
  namedKeyId: string | undefined,
): Promise<string[] | undefined> {
  let deleted: string[] | undefined;
  try {
    deleted = namedKeyId ? [namedKeyId] : await orphansOfClaim(deps, request, deps.clock.now());
    if (deleted === undefined) {
      deps.logger.info('another claim on the bucket is running; the sweeper settles this one', {
        requestId: request.requestId,
      });
      return undefined;
    }
    await deleteKeys(deps, request, deleted);
  } catch (error) {
    deps.logger.error('could not settle a failed create; the sweeper will', {
      requestId: request.requestId,
      error: describeError(error),
    });
    return undefined;
  }
  let released = true;
  try {
    await deps.requests.releaseClaim(request.requestId, token);
  } catch (error) {
    if (!(error instanceof StateConflictError))
      deps.logger.error('could not release a settled claim; the sweeper will', {
        requestId: request.requestId,
        error: describeError(error),
      });
    released = false;
  }
  if (released || deleted.length > 0)
    await reportRepair(deps, request, deleted, namedKeyId ? 'create_without_secret' : 'failed_create');
  return released ? deleted : undefined;
}
