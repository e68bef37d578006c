import type { SlackMessage } from '../../ports/messenger.js';
import type { ReviewOutcome } from '../../services/break-glass/review-break-glass.js';
import { notAnApprover, unknownRequest } from '../messages/approver-replies.js';
import {
  alreadyReviewed,
  breakGlassRevokeFailed,
  cannotReviewOwn,
  notABreakGlass,
  reviewRecorded,
} from '../messages/break-glass-messages.js';
import type { Presentation } from './deliveries.js';

/**
 * Reviewed / Revoke now: the answer goes to the approver who clicked, replacing nothing: the alert
 * is the channel's, and the break-glass notices update it for everyone.
 */
export function presentReview(outcome: ReviewOutcome): Presentation {
  return { deliveries: [{ to: 'origin', message: reviewAnswer(outcome) }] };
}

function reviewAnswer(outcome: ReviewOutcome): SlackMessage {
  switch (outcome.kind) {
    case 'unknown_request':
      return unknownRequest();
    case 'not_a_break_glass':
      return notABreakGlass();
    case 'not_an_approver':
      return notAnApprover(outcome.request);
    case 'own_break_glass':
      return cannotReviewOwn();
    case 'already_reviewed':
      return alreadyReviewed(outcome.requestId, outcome.review);
    case 'revoke_unfinished':
      return breakGlassRevokeFailed(outcome.requestId, outcome.surviving);
    case 'review_recorded':
      return reviewRecorded(outcome.request);
  }
}
