import type { AccessRequest } from '../../domain/access-request.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';

/** An unreviewed break-glass is re-posted this often. */
export const DAY_MS = 86_400_000;
/** How long the worker holds the review while it posts the alert: longer than a post, far under a day. */
const ANNOUNCE_LEASE_MS = 5 * 60_000;

/**
 * Called once a break-glass key is issued: audits it and alerts the approvers' channel. Its review
 * was filed, due at once, before the key was created. It is leased while the alert is posted, so a
 * sweep does not post it a second time, then moved a day on; if the post fails it is due at once
 * again, so the next sweep posts it.
 */
export async function announceBreakGlass(deps: ServiceDependencies, issued: AccessRequest): Promise<void> {
  await record(deps, {
    type: 'break_glass_issued',
    outcome: 'ok',
    actorId: issued.requesterId,
    ...aboutRequest(issued),
    ...(issued.accessKeyId ? { accessKeyId: issued.accessKeyId } : {}),
    detail: issued.reason,
  });
  const filedAt = issued.createdAt;
  const nowMs = deps.clock.now().getTime();
  // A short lease first: a worker dying before its post leaves the alert to a sweep within minutes,
  // not a day; a sweep that took it first has posted it, and this fresher alert goes out all the same.
  const lease = new Date(nowMs + ANNOUNCE_LEASE_MS).toISOString();
  const leased = await leaseQuietly(deps, () => deps.reviews.take(issued.requestId, filedAt, lease));
  try {
    const ref = await deps.notifier.breakGlassAlert(issued);
    await deps.requests.setApprovalMessage(issued.requestId, ref);
  } catch (error) {
    deps.logger.error('break-glass alert not posted; the sweeper posts it', {
      requestId: issued.requestId,
      error: describeError(error),
    });
    if (leased) await leaseQuietly(deps, () => deps.reviews.take(issued.requestId, lease, filedAt));
    return;
  }
  const nextDay = new Date(nowMs + DAY_MS).toISOString();
  if (leased) await leaseQuietly(deps, () => deps.reviews.take(issued.requestId, lease, nextDay));
}

/**
 * A move of the review's lease that must not stop the alert: lost to a sweep, or failed (logged),
 * it is not ours, and the sweeper's own lease decides when the alert is posted again.
 */
async function leaseQuietly(deps: ServiceDependencies, move: () => Promise<void>): Promise<boolean> {
  try {
    return await wroteFirst(move);
  } catch (error) {
    deps.logger.warn('could not move a break-glass review; the sweeper keeps its schedule', {
      error: describeError(error),
    });
    return false;
  }
}
