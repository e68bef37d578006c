import type { AccessRequest } from '../domain/access-request.js';
import { breakGlassAlert } from '../slack/messages/break-glass-messages.js';
import { aboutRequest, record } from './audit-record.js';
import type { ServiceDependencies } from './dependencies.js';
import { describeError } from './failures.js';

/** An unreviewed break-glass is re-posted this often. */
export const DAY_MS = 86_400_000;

/**
 * Called once a break-glass key is issued: audits it and alerts the approvers' channel. Its review
 * was filed, due at once, before the key was created; it moves a day on before the alert is posted,
 * so a sweep does not post it a second time, and back to now if the post fails, so the next sweep
 * posts it.
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
  const nextDay = new Date(deps.clock.now().getTime() + DAY_MS).toISOString();
  // False when a sweep took it first and posted it: this fresher alert goes out all the same.
  const taken = await deps.reviews.take(issued.requestId, filedAt, nextDay).catch(() => false);
  try {
    const ref = await deps.messenger.post(deps.settings.approvalChannelId, breakGlassAlert(issued));
    await deps.requests.setApprovalMessage(issued.requestId, ref);
  } catch (error) {
    deps.logger.error('break-glass alert not posted; the sweeper posts it', {
      requestId: issued.requestId,
      error: describeError(error),
    });
    if (taken) await deps.reviews.take(issued.requestId, nextDay, filedAt).catch(() => false);
  }
}
