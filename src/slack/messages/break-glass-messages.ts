import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, fields, mention, section, simple, slackDate, userText } from './format.js';
import { ACTION } from './ids.js';

/** What a break-glass alert shows beside its request. */
export interface BreakGlassAlertOptions {
  /** The daily reminder of an alert nobody has reviewed. */
  repost?: boolean;
  /** Every live key of the grant (a rotation adds one); default: the request's own key. */
  keys?: readonly string[];
  /** Revoke now did not delete every key: what survives, and why. The buttons stay. */
  failure?: string;
}

/**
 * The loud alert in the approvers' channel when someone took a key without approval, with
 * Reviewed and Revoke now, which revokes the whole grant: the key and any rotation of it.
 */
export function breakGlassAlert(request: AccessRequest, options: BreakGlassAlertOptions = {}): SlackMessage {
  const who = mention(request.requesterId);
  const headline = options.repost
    ? `:rotating_light: *Still not reviewed:* break-glass key taken by ${who} on *${request.bucket}* ${slackDate(request.issuedAt ?? request.createdAt)}`
    : `:rotating_light: *BREAK-GLASS:* ${who} took a key to *${request.bucket}* without approval`;
  return {
    text: `Break-glass: ${request.requesterId} took a key to ${request.bucket} without approval (${request.requestId})`,
    blocks: [
      section(headline),
      fields([
        ['Who', who],
        ['Bucket', `\`${request.bucket}\` (${request.region})`],
        ['Key ids', keyList(options.keys ?? (request.accessKeyId ? [request.accessKeyId] : []))],
        ['Expires', request.keyExpiresAt ? slackDate(request.keyExpiresAt) : 'when revoked'],
        ['Request', `\`${request.requestId}\``],
        ['State', request.state.toLowerCase()],
      ]),
      { type: 'section', text: userText(`Reason: ${request.reason}`) },
      ...(options.failure ? [section(`:warning: *Revoke now did not finish:* ${options.failure}`)] : []),
      {
        type: 'actions',
        block_id: 'break_glass_review',
        elements: [
          {
            type: 'button',
            action_id: ACTION.breakGlassReviewed,
            text: { type: 'plain_text', text: 'Reviewed' },
            style: 'primary',
            value: request.requestId,
          },
          {
            type: 'button',
            action_id: ACTION.breakGlassRevoke,
            text: { type: 'plain_text', text: 'Revoke now' },
            style: 'danger',
            value: request.requestId,
            confirm: {
              title: { type: 'plain_text', text: 'Revoke this key now?' },
              text: {
                type: 'mrkdwn',
                text: `Every key of this break-glass is deleted, rotations included; ${who} loses access to *${request.bucket}*.`,
              },
              confirm: { type: 'plain_text', text: 'Revoke' },
              deny: { type: 'plain_text', text: 'Cancel' },
              style: 'danger',
            },
          },
        ],
      },
      context(
        'Approvers only; the person who broke the glass cannot review it. Re-posted daily until reviewed.',
      ),
    ],
  };
}

/** A review as the grant records it. */
export interface BreakGlassReview {
  reviewedBy?: string;
  reviewedAt?: string;
}

/** The alert once reviewed: what happened (with the keys Revoke now deleted), and no buttons. */
export function breakGlassReviewedAlert(
  request: AccessRequest,
  review: BreakGlassReview,
  deletedKeys?: readonly string[],
): SlackMessage {
  const by = mention(review.reviewedBy ?? '');
  const outcome = deletedKeys
    ? `:white_check_mark: Reviewed by ${by}, who revoked it: deleted ${keyList(deletedKeys)}`
    : `:white_check_mark: Reviewed by ${by}`;
  return {
    text: `Break-glass ${request.requestId} on ${request.bucket}: reviewed`,
    blocks: [
      section(`Break-glass key taken by ${mention(request.requesterId)} on *${request.bucket}*`),
      fields([
        ['Key id', `\`${request.accessKeyId ?? 'not issued'}\``],
        ['Request', `\`${request.requestId}\``],
      ]),
      { type: 'section', text: userText(`Reason: ${request.reason}`) },
      section(`${outcome} ${slackDate(review.reviewedAt ?? request.createdAt)}`),
    ],
  };
}

/** Key ids as code, or a dash; a grant holds a handful at most (two slots, one rotation at a time). */
function keyList(keys: readonly string[]): string {
  return keys.length ? keys.map((key) => `\`${key}\``).join(', ') : 'none yet';
}

export function breakGlassNotAllowed(bucket: string): SlackMessage {
  return simple(
    `:no_entry: You may not use break-glass on *${bucket}* (you are not in its \`breakGlass.allowed\`). Ask for a key with \`/bucket-key create ${bucket} <reason>\` instead. This attempt was recorded.`,
  );
}

export function breakGlassNeedsReason(bucket: string): SlackMessage {
  return simple(
    `:no_entry: Break-glass needs a reason: \`/bucket-key create ${bucket} --break-glass <what is broken>\`. This attempt was recorded.`,
  );
}

export function breakGlassLimitReached(bucket: string, maxPerDay: number): SlackMessage {
  return simple(
    `:no_entry: You have used break-glass on *${bucket}* ${maxPerDay} time${maxPerDay === 1 ? '' : 's'} in the last 24 hours, the limit (\`breakGlass.maxPerDay\`). Ask the approvers with \`/bucket-key create ${bucket} <reason>\`. This attempt was recorded.`,
  );
}

export function notABreakGlass(): SlackMessage {
  return simple('That is not a break-glass request.');
}

export function cannotReviewOwn(): SlackMessage {
  return simple(':no_entry: You cannot review your own break-glass. Another approver has to.');
}

/** A review already closed; a conflict that could not read the grant back names nobody and no time. */
export function alreadyReviewed(requestId: string, review: BreakGlassReview): SlackMessage {
  const who = review.reviewedBy ? mention(review.reviewedBy) : 'Someone';
  const when = review.reviewedAt ? ` ${slackDate(review.reviewedAt)}` : '';
  return simple(`${who} already reviewed \`${requestId}\`${when}. Your click changed nothing.`);
}

/** Revoke now could not delete every key: the review stays open, and says what survives. */
export function breakGlassRevokeFailed(requestId: string, surviving: readonly string[]): SlackMessage {
  return simple(
    `:warning: Revoke now on \`${requestId}\` did not finish: Lightsail did not delete ${keyList(surviving)}. The review stays open with its buttons; press *Revoke now* again, and the sweeper retries too. This was recorded.`,
  );
}

export function reviewRecorded(request: AccessRequest): SlackMessage {
  return simple(`:white_check_mark: Break-glass \`${request.requestId}\` is marked reviewed by you.`);
}
