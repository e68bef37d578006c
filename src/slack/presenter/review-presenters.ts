import type { ReviewDecisionOutcome } from '../../services/review/decide-review.js';
import type { ReviewReportOutcome } from '../../services/review/report-review.js';
import type { ReviewListOutcome, ReviewPageOutcome } from '../../services/review/show-reviews.js';
import { reviewerMessage } from '../messages/review-messages.js';
import {
  alreadyDecidedNote,
  campaignList,
  cannotReviewOwnKey,
  keyGoneNote,
  notAReviewer,
  reportSent,
  reviewClosedNote,
  reviewPageRefused,
  reviewRevokedNote,
  reviewsRefused,
  unknownCampaign,
  yourKeyKept,
  yourKeyRevoked,
} from '../messages/review-replies.js';
import type { Delivery, Presentation } from './deliveries.js';

const replace = (message: Delivery['message']): Delivery => ({
  to: 'origin',
  message,
  replaceOriginal: true,
});
const note = (message: Delivery['message']): Delivery => ({ to: 'origin', message });

/** `/bucket-key review [bucket]`: the answer replaces "Working on it". */
export function presentReviewList(outcome: ReviewListOutcome): Presentation {
  if (outcome.kind === 'reviews_refused') return { deliveries: [replace(reviewsRefused())] };
  return { deliveries: [replace(campaignList(outcome.campaigns, outcome.now, outcome.bucket))] };
}

/** `/bucket-key review report`: the file is in the DM already; the answer says so, or why not. */
export function presentReviewReport(outcome: ReviewReportOutcome): Presentation {
  switch (outcome.kind) {
    case 'reviews_refused':
      return { deliveries: [replace(reviewsRefused())] };
    case 'review_unknown':
      return { deliveries: [replace(unknownCampaign(outcome.campaignId))] };
    case 'review_report_sent':
      return { deliveries: [replace(reportSent(outcome.campaignId, outcome.rows, outcome.format))] };
  }
}

/** Previous / Next: the DM's page is redrawn in place. */
export function presentReviewPage(outcome: ReviewPageOutcome): Presentation {
  switch (outcome.kind) {
    case 'review_unknown':
      return { deliveries: [note(unknownCampaign(outcome.campaignId))] };
    case 'review_page_refused':
      return { deliveries: [note(reviewPageRefused())] };
    case 'review_page':
      return { deliveries: [replace(reviewerMessage(outcome.view))] };
  }
}

/**
 * Keep or Revoke. From the DM, its page is redrawn in place as the campaign now stands, with a note
 * when nothing changed (and why); from App Home, the note goes to the DM and the tab is redrawn. The
 * holder hears that their key was kept or revoked.
 */
export function presentReviewDecision(
  outcome: ReviewDecisionOutcome,
  origin: { fromHome: boolean },
): Presentation {
  if (outcome.kind === 'review_unknown')
    return { deliveries: [note(unknownCampaign(outcome.campaignId))], refreshHome: origin.fromHome };
  const page = origin.fromHome ? [] : [replace(reviewerMessage(outcome.view))];
  const shown = (deliveries: Delivery[]): Presentation => ({
    deliveries: [...page, ...deliveries],
    refreshHome: origin.fromHome,
  });
  const { campaign } = outcome.view;
  switch (outcome.kind) {
    case 'review_refused_own_key':
      return shown([note(cannotReviewOwnKey())]);
    case 'review_not_reviewer':
      return shown([note(notAReviewer())]);
    case 'review_closed':
      return shown([note(reviewClosedNote(campaign))]);
    case 'review_already_decided':
      return shown([note(alreadyDecidedNote(outcome.entry))]);
    case 'review_key_gone':
      return shown([note(keyGoneNote(outcome.entry))]);
    case 'review_kept':
      return shown([
        { to: { userId: outcome.entry.holderId }, message: yourKeyKept(campaign, outcome.entry) },
      ]);
    case 'review_revoked':
      return shown([
        ...(outcome.revocation.surviving.length || origin.fromHome
          ? [note(reviewRevokedNote(campaign, outcome.entry, outcome.revocation))]
          : []),
        { to: { userId: outcome.entry.holderId }, message: yourKeyRevoked(campaign, outcome.entry) },
      ]);
  }
}
