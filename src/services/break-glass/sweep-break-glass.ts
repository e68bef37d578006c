import type { AccessRequest } from '../../domain/access-request.js';
import type { Grant } from '../../domain/grant.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';
import { DAY_MS } from './announce-break-glass.js';

const BATCH = 100;

/**
 * Posts each break-glass nobody has reviewed: at once when its worker never announced it (the review
 * was filed before the key was made), then once a day. A sweep takes a due review by moving its
 * next time forward (one conditional write), so concurrent sweeps post it once.
 */
export async function repostUnreviewedBreakGlass(deps: ServiceDependencies, nowIso: string): Promise<number> {
  const next = new Date(Date.parse(nowIso) + DAY_MS).toISOString();
  let reposted = 0;
  for (const due of await deps.reviews.due(nowIso, BATCH)) {
    if (!(await wroteFirst(() => deps.reviews.take(due.requestId, due.dueAt, next)))) continue;
    const request = await deps.requests.get(due.requestId);
    const grant = await deps.grants.get(due.requestId);
    if (!request || request.reviewedAt || grant?.reviewedAt) {
      await deps.reviews.end(due.requestId);
      continue;
    }
    try {
      const keys = grant ? await liveKeysOf(deps, grant) : undefined;
      const ref = await deps.notifier.breakGlassAlert(request, {
        repost: request.approvalMessage !== undefined,
        ...(keys ? { keys } : {}),
      });
      // Review buttons on the newest post update it; older posts answer "already reviewed".
      await deps.requests.setApprovalMessage(request.requestId, ref);
      reposted++;
    } catch (error) {
      deps.logger.warn('break-glass alert not re-posted; the next sweep tries again', {
        requestId: request.requestId,
        error: describeError(error),
      });
      // Given back for the next sweep; lost only if another sweep moved it on meanwhile.
      await wroteFirst(() => deps.reviews.take(due.requestId, next, due.dueAt));
    }
  }
  return reposted;
}

/** The keys a grant's requests hold now: what Revoke now would delete. */
export async function liveKeysOf(deps: ServiceDependencies, grant: Grant): Promise<string[]> {
  const requests = await Promise.all(grant.requestIds.map((id) => deps.requests.get(id)));
  return requests
    .filter((r): r is AccessRequest => r !== undefined && ['ISSUED', 'RETIRING', 'ISSUING'].includes(r.state))
    .flatMap((r) => (r.accessKeyId ? [r.accessKeyId] : []));
}
