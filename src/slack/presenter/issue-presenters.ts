import type { SlackMessage } from '../../ports/messenger.js';
import type { IssueOutcome } from '../../services/issue/issue-outcome.js';
import { unknownRequest } from '../messages/approver-replies.js';
import {
  bucketNoLongerAllowed,
  createFailedCleanupPending,
  createFailedTryAgain,
  grantEndedBeforeIssue,
} from '../messages/issue-outcome-messages.js';
import { keyDelivered, keyLimitReached, keyNotRecorded } from '../messages/key-messages.js';
import {
  approvalNotUsable,
  createOutcomeUnknown,
  deliveryFailedDm,
  requestNotYours,
} from '../messages/requester-replies.js';
import type { Delivery, Presentation } from './deliveries.js';

/** Where an issue was asked for: a command (or a create that found an approval), or a click on Create key now. */
export interface IssueOrigin {
  userId: string;
  /** The click on "Create key now": a failure leaves that message, and its button, in place. */
  fromButton: boolean;
  /** A command's response_url: a failed delivery is also told there, not only in the DM. */
  fromCommand: boolean;
}

/**
 * A failure replaces a command's "Working on it", but answers a click on "Create key now" with a new
 * message, so that the button stays there to try again.
 */
export function failureReplacesFor(origin: IssueOrigin): boolean {
  return !origin.fromButton;
}

/** The answer to an issue, for where it was asked. */
export function presentIssue(
  outcome: Exclude<IssueOutcome, { kind: 'failed' }>,
  origin: IssueOrigin,
): Presentation {
  const keep = (message: SlackMessage): Presentation => ({
    deliveries: [{ to: 'origin', message, replaceOriginal: failureReplacesFor(origin) }],
  });
  switch (outcome.kind) {
    case 'unknown_request':
      return { deliveries: [{ to: 'origin', message: unknownRequest() }] };
    case 'request_not_yours':
      return { deliveries: [{ to: 'origin', message: requestNotYours() }] };
    case 'bucket_no_longer_allowed':
      return keep(bucketNoLongerAllowed(outcome.request));
    case 'approval_not_usable':
      return keep(approvalNotUsable(outcome.request));
    case 'key_limit_reached':
      return keep(keyLimitReached(outcome.bucket, outcome.keys));
    case 'create_failed':
      return keep(
        outcome.settled
          ? createFailedTryAgain(outcome.request)
          : createFailedCleanupPending(outcome.request, outcome.retryAfterMs),
      );
    case 'create_outcome_unknown':
      return keep(createOutcomeUnknown(outcome.request, outcome.retryAfterMs));
    case 'grant_ended_before_issue':
      return {
        deliveries: [
          { to: 'origin', message: grantEndedBeforeIssue(outcome.request), replaceOriginal: true },
        ],
      };
    case 'key_not_recorded': {
      const { request, accessKeyId, retryAfterMs } = outcome;
      return { deliveries: [{ to: 'origin', message: keyNotRecorded(request, accessKeyId, retryAfterMs) }] };
    }
    case 'delivery_failed':
      return { deliveries: deliveryFailed(outcome, origin) };
    case 'key_delivered':
      return {
        deliveries: [{ to: 'origin', message: keyDelivered(outcome.request), replaceOriginal: true }],
      };
  }
}

/** The holder's DM always hears of it; a command's acknowledgement is replaced with the same words. */
function deliveryFailed(
  outcome: Extract<IssueOutcome, { kind: 'delivery_failed' }>,
  origin: IssueOrigin,
): Delivery[] {
  const message = outcome.grantRevoked
    ? grantEndedBeforeIssue(outcome.request)
    : deliveryFailedDm(outcome.request);
  const dm: Delivery = { to: { userId: origin.userId }, message };
  const command = origin.fromCommand && !origin.fromButton;
  return command ? [dm, { to: 'origin', message, replaceOriginal: true }] : [dm];
}
