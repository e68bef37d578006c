import type { AccessRequest } from '../domain/access-request.js';
import { breakGlassAlert } from '../slack/messages/break-glass-messages.js';
import { aboutRequest, record } from './audit-record.js';
import type { ServiceDependencies } from './dependencies.js';
import { describeError } from './failures.js';

/** An unreviewed break-glass is re-posted this often. */
export const DAY_MS = 86_400_000;

/**
 * Called once a break-glass key is issued: audits it, alerts the approvers' channel, and files it for
 * review. If the alert cannot be posted, the review is due at once, so the next sweep posts it.
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
  const now = deps.clock.now().getTime();
  let posted = false;
  try {
    const ref = await deps.messenger.post(deps.settings.approvalChannelId, breakGlassAlert(issued));
    await deps.requests.setApprovalMessage(issued.requestId, ref);
    posted = true;
  } catch (error) {
    deps.logger.error('break-glass alert not posted; the sweeper posts it', {
      requestId: issued.requestId,
      error: describeError(error),
    });
  }
  try {
    await deps.requests.scheduleReview(issued.requestId, new Date(posted ? now + DAY_MS : now).toISOString());
  } catch (error) {
    deps.logger.error('break-glass review not scheduled', {
      requestId: issued.requestId,
      error: describeError(error),
    });
  }
}
