import type { RequestNotices } from '../../ports/notices/request-notices.js';
import { approvalRequestCard, decidedRequestCard } from '../messages/approval-request.js';
import { type NoticeContext, quietly } from './notice-context.js';

/** The approvers' card, worded with the builders in ../messages/. */
export function requestNotices(context: NoticeContext): RequestNotices {
  const { messenger, approvalChannelId } = context;
  return {
    approvalRequested: (request, facts) =>
      messenger.post(approvalChannelId, approvalRequestCard(request, facts)),
    approvalProgressed: async (request, facts) => {
      const card = request.approvalMessage;
      if (!card) return;
      await quietly(context, 'could not update the approval card', { requestId: request.requestId }, () =>
        messenger.update(card, approvalRequestCard(request, facts)),
      );
    },
    requestSettled: async (request) => {
      const card = request.approvalMessage;
      if (!card) return;
      await quietly(context, 'could not update the approval card', { requestId: request.requestId }, () =>
        messenger.update(card, decidedRequestCard(request)),
      );
    },
  };
}
