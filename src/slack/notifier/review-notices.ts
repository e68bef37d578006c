import type { ReviewNotices } from '../../ports/notices/review-notices.js';
import { reviewerMessage } from '../messages/review-messages.js';
import {
  keyLapsedMessage,
  keysUnderReviewMessage,
  reviewReminderMessage,
  reviewSummaryMessage,
} from '../messages/review-replies.js';
import { type NoticeContext, quietly } from './notice-context.js';

/** Access reviews, worded with the builders in ../messages/. */
export function reviewNotices(context: NoticeContext): ReviewNotices {
  const { messenger, approvalChannelId } = context;
  return {
    reviewRequested: async (view) => {
      await messenger.directMessage(view.viewerId, reviewerMessage(view));
    },
    keysUnderReview: async (holderId, campaign, entries) => {
      await messenger.directMessage(holderId, keysUnderReviewMessage(campaign, entries));
    },
    reviewReminder: async (reviewerId, campaign, waiting, when) => {
      await messenger.directMessage(reviewerId, reviewReminderMessage(campaign, waiting, when));
    },
    keyLapsed: (campaign, entry, revocation) =>
      quietly(context, 'could not tell a holder their key lapsed', { userId: entry.holderId }, () =>
        messenger.directMessage(entry.holderId, keyLapsedMessage(campaign, entry, revocation)),
      ),
    reviewSummary: async (campaign) => {
      await messenger.post(approvalChannelId, reviewSummaryMessage(campaign));
    },
  };
}
