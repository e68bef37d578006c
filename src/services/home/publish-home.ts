import type { AccessRequest } from '../../domain/access-request.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { isApproverFor } from '../request/approvers.js';
import { reviewsForHome } from '../review/show-reviews.js';
import { STATUS_LENGTH } from './show-status.js';

/** Pending requests looked at for one Home tab; the view says "N+" when there are more. */
const PENDING_LOOKED_AT = 500;

/** App Home: the user's own requests, and for approvers the pending requests they may decide. */
export async function publishHome(deps: ServiceDependencies, userId: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  const [own, pending] = await Promise.all([
    deps.requests.listByRequester(userId, STATUS_LENGTH),
    deps.requests.listOpen('PENDING', now, PENDING_LOOKED_AT),
  ]);
  const decidable = [];
  for (const request of pending) {
    if (request.requesterId !== userId && (await isApproverFor(deps, request.bucket, userId)))
      decidable.push(request);
  }
  const approvesAnything =
    decidable.length > 0 || (await deps.directory.expand(deps.policy.allApprovers())).has(userId);
  const toDecide = { requests: decidable, complete: pending.length < PENDING_LOOKED_AT };
  const lastUsed = await lastUseOfKeys(deps, own);
  const reviews = await reviewsForHome(deps, userId);
  await deps.notifier.homeReady(userId, {
    own,
    ...(approvesAnything ? { toDecide } : {}),
    lastUsed,
    ...(reviews.length ? { reviews } : {}),
  });
}

/** When each of the user's issued keys was last used, from Lightsail; a bucket that fails is left out. */
async function lastUseOfKeys(
  deps: ServiceDependencies,
  own: readonly AccessRequest[],
): Promise<Map<string, Date | undefined>> {
  const issued = own.filter((request) => request.state === 'ISSUED' && request.accessKeyId);
  const buckets = new Map(issued.map((request) => [request.bucket, request.region]));
  const lastUsed = new Map<string, Date | undefined>();
  await Promise.all(
    [...buckets].map(async ([bucket, region]) => {
      try {
        for (const key of await deps.keys.listKeys(bucket, region))
          lastUsed.set(key.accessKeyId, key.lastUsedAt);
      } catch (error) {
        deps.logger.warn('last use of keys not shown', { bucket, error: describeError(error) });
      }
    }),
  );
  return lastUsed;
}
