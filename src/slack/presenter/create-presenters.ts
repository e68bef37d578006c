import type { SlackMessage } from '../../ports/messenger.js';
import type { BreakGlassRefusal } from '../../services/break-glass/break-glass.js';
import type { CreateOutcome } from '../../services/request/request-key.js';
import type { RotateOutcome, RotateRefusal } from '../../services/revoke-rotate/rotate-key.js';
import {
  breakGlassLimitReached,
  breakGlassNeedsReason,
  breakGlassNotAllowed,
} from '../messages/break-glass-messages.js';
import { usage } from '../messages/error-messages.js';
import {
  alreadyRotating,
  rotateNoFreeSlot,
  rotateRefusedBreakGlass,
  rotateRefusedBucketDelisted,
  rotateRefusedGrantEnded,
  rotateRefusedNotIssued,
  rotateRefusedNotYours,
  rotationBlockedByOpenRequest,
} from '../messages/lifecycle-messages.js';
import {
  alreadyPending,
  approversNotNotified,
  bucketNotAllowed,
  issueInProgress,
  lifetimeTooLong,
  requestCreated,
} from '../messages/requester-replies.js';
import { keyNotFound } from '../messages/revoke-messages.js';
import type { Presentation } from './deliveries.js';
import { type IssueOrigin, presentIssue } from './issue-presenters.js';

type Answered<O> = Exclude<O, { kind: 'failed' }>;

/** Every answer to a command replaces its "Working on it". */
function inPlace(message: SlackMessage): Presentation {
  return { deliveries: [{ to: 'origin', message, replaceOriginal: true }] };
}

/** `/bucket-key create` (or the request form): a request, a break-glass, or the key at once. */
export function presentCreate(outcome: Answered<CreateOutcome>, origin: IssueOrigin): Presentation {
  switch (outcome.kind) {
    case 'bucket_not_allowed':
      return inPlace(bucketNotAllowed(outcome.bucket));
    case 'reason_shortfall':
      return inPlace(usage(outcome.shortfall));
    case 'lifetime_too_long':
      return inPlace(lifetimeTooLong(outcome.bucket, outcome.maxAgeMs));
    case 'issue_in_progress':
      return inPlace(issueInProgress(outcome.request));
    case 'already_pending':
      return inPlace(alreadyPending(outcome.request, outcome.approvers, outcome.approvalsRequired));
    case 'request_created':
      return inPlace(requestCreated(outcome.request, outcome.approvers));
    case 'approvers_not_notified':
      return inPlace(approversNotNotified(outcome.request, outcome.slackError));
    case 'break_glass_refused':
      return inPlace(breakGlassRefused(outcome.bucket, outcome));
    default:
      return presentIssue(outcome, origin);
  }
}

function breakGlassRefused(bucket: string, refused: BreakGlassRefusal): SlackMessage {
  switch (refused.why) {
    case 'not_allowed':
      return breakGlassNotAllowed(bucket);
    case 'no_reason':
      return breakGlassNeedsReason(bucket);
    case 'limit_reached':
      return breakGlassLimitReached(bucket, refused.maxPerDay);
  }
}

/** `/bucket-key rotate`: its refusals, or what the new key's request or issue came to. */
export function presentRotate(outcome: Answered<RotateOutcome>, origin: IssueOrigin): Presentation {
  switch (outcome.kind) {
    case 'key_not_found':
      return inPlace(keyNotFound(outcome.bucket, outcome.accessKeyId));
    case 'rotate_refused':
      return inPlace(rotateRefused(outcome.bucket, outcome.accessKeyId, outcome));
    case 'already_rotating':
      return inPlace(alreadyRotating(outcome.request));
    case 'rotation_blocked':
      return inPlace(rotationBlockedByOpenRequest(outcome.request));
    default:
      return presentCreate(outcome, origin);
  }
}

function rotateRefused(bucket: string, accessKeyId: string, refused: RotateRefusal): SlackMessage {
  switch (refused.why) {
    case 'not_issued':
      return rotateRefusedNotIssued(bucket, accessKeyId);
    case 'not_yours':
      return rotateRefusedNotYours(bucket, accessKeyId);
    case 'bucket_delisted':
      return rotateRefusedBucketDelisted(bucket, accessKeyId);
    case 'grant_ended':
      return rotateRefusedGrantEnded(bucket, accessKeyId, refused.revoked);
    case 'no_free_slot':
      return rotateNoFreeSlot(bucket, refused.keys);
    case 'break_glass_needs_approval':
      return rotateRefusedBreakGlass(bucket, accessKeyId);
  }
}
