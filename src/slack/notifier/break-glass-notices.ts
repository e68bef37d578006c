import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import type { BreakGlassNotices } from '../../ports/notices/break-glass-notices.js';
import { describeError } from '../../services/failures.js';
import { breakGlassAlert, breakGlassReviewedAlert } from '../messages/break-glass-messages.js';
import type { NoticeContext } from './notice-context.js';

/** BreakGlass notices, worded with the builders in ../messages/. */
export function breakGlassNotices(context: NoticeContext): BreakGlassNotices {
  return {
    breakGlassAlert: (request, facts = {}) =>
      context.messenger.post(context.approvalChannelId, breakGlassAlert(request, facts)),
    breakGlassRevokeUnfinished: (request, surviving) => {
      const failure = surviving.map((s) => `${s.accessKeyId} (${s.error})`).join(', ');
      const keys = surviving.map((s) => s.accessKeyId);
      return updateAlert(
        context,
        request,
        breakGlassAlert(request, { keys, failure: `${failure} still alive.` }),
      );
    },
    breakGlassReviewed: (request, review, deleted) =>
      updateAlert(context, request, breakGlassReviewedAlert(request, review, deleted)),
  };
}

/** The alert as last posted, if it was; a failed update leaves the old card, and is logged. */
async function updateAlert(
  context: NoticeContext,
  request: AccessRequest,
  message: SlackMessage,
): Promise<void> {
  if (!request.approvalMessage) return;
  await context.messenger
    .update(request.approvalMessage, message)
    .catch((error: unknown) =>
      context.logger.warn('could not update the break-glass alert', { error: describeError(error) }),
    );
}
