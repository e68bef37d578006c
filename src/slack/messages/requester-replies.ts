import type { AccessRequest } from '../../domain/access-request.js';
import { describeDuration } from '../../domain/duration.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, mention, mentionAll, section, simple, slackDate } from './format.js';
import { ACTION } from './ids.js';
import { quorumMissing } from './quorum-messages.js';

export const workingOnIt = (): SlackMessage => simple(':hourglass_flowing_sand: Working on it…');

export function requestCreated(request: AccessRequest, approvers: readonly string[]): SlackMessage {
  return simple(
    `:inbox_tray: Request \`${request.requestId}\` for *${request.bucket}* is waiting for approval by ${mentionAll(approvers)}.`,
    `You'll hear from me in a DM. The request expires ${slackDate(request.dueAt ?? request.createdAt)}.`,
  );
}

export function approversNotNotified(request: AccessRequest, slackError: string): SlackMessage {
  return simple(
    `:warning: Request \`${request.requestId}\` is recorded, but I could not post it to the approvers' channel (\`${slackError}\`).`,
    'Ask an approver to open my App Home, or tell your Slack admin to invite me to the approvers’ channel.',
  );
}

export function alreadyPending(
  request: AccessRequest,
  approvers: readonly string[],
  approvalsRequired = 1,
): SlackMessage {
  const waiting =
    approvalsRequired > 1
      ? `waiting for approvals: ${quorumMissing(request, approvalsRequired, approvers)}`
      : `waiting for ${mentionAll(approvers)}.`;
  return simple(
    `:hourglass: You already have request \`${request.requestId}\` for *${request.bucket}* ${waiting} Nothing new was created.`,
  );
}

export function issueInProgress(request: AccessRequest): SlackMessage {
  return simple(
    `:hourglass_flowing_sand: A key for *${request.bucket}* (\`${request.requestId}\`) is being issued right now.`,
  );
}

export function bucketNotAllowed(bucket: string): SlackMessage {
  return simple(`:no_entry: *${bucket}* is not a bucket that keys can be requested for here.`);
}

/** The requester withdrew a pending request. */
export function requestCancelled(request: AccessRequest): SlackMessage {
  return simple(
    `:leftwards_arrow_with_hook: You cancelled request \`${request.requestId}\` for *${request.bucket}*.`,
  );
}

/** Cancel on a request that is not the clicker's, or no longer pending. */
export function cancelRefused(requestId: string): SlackMessage {
  return simple(
    `:information_source: Request \`${requestId}\` is not a pending request of yours; nothing was changed.`,
  );
}

/** A requested key life beyond the bucket's maximum age. */
export function lifetimeTooLong(bucket: string, maxMs: number): SlackMessage {
  return simple(
    `:no_entry: Keys to *${bucket}* live at most ${describeDuration(maxMs)}; ask for that or less.`,
  );
}

/** The requester's normal DM after approval: no secret, and a button that proves they are active. */
export function approvedDm(request: AccessRequest, approvalTtlMs: number): SlackMessage {
  return {
    text: `Your request for ${request.bucket} was approved. Create your key within ${describeDuration(approvalTtlMs)}.`,
    blocks: [
      section(
        `:white_check_mark: ${mention(request.decidedBy ?? '')} approved your request \`${request.requestId}\` for *${request.bucket}*.`,
      ),
      createKeyButton(request),
      context(
        `The approval can be used once, until ${slackDate(request.approvalExpiresAt ?? request.createdAt)}. ` +
          `Or run \`/bucket-key create ${request.bucket}\` again.`,
      ),
    ],
  };
}

export function deniedDm(request: AccessRequest): SlackMessage {
  return simple(
    `:no_entry: ${mention(request.decidedBy ?? '')} denied your request \`${request.requestId}\` for *${request.bucket}*.`,
  );
}

export function expiredDm(request: AccessRequest): SlackMessage {
  const what = request.decidedBy ? 'approval' : 'request';
  return simple(
    `:hourglass: Your ${what} \`${request.requestId}\` for *${request.bucket}* expired unused. Run \`/bucket-key create ${request.bucket}\` to ask again.`,
  );
}

/** After a failed delivery: the key was deleted, the approval is usable again. */
export function deliveryFailedDm(request: AccessRequest): SlackMessage {
  return {
    text: `I could not deliver your key for ${request.bucket}; nothing was kept. Try again.`,
    blocks: [
      section(
        `:warning: I created a key for *${request.bucket}* but could not show it to you, so I deleted it. Your approval \`${request.requestId}\` is still valid.`,
      ),
      createKeyButton(request),
    ],
  };
}

export function requestNotYours(): SlackMessage {
  return simple(':no_entry: That request belongs to someone else.');
}

export function approvalNotUsable(request: AccessRequest): SlackMessage {
  switch (request.state) {
    case 'ISSUED':
    case 'REVOKED':
      return simple(
        `This approval was already used for key \`${request.accessKeyId ?? '?'}\`. Run \`/bucket-key create ${request.bucket}\` to ask again.`,
      );
    case 'ISSUING':
      return issueInProgress(request);
    case 'PENDING':
      return simple(`Request \`${request.requestId}\` is still waiting for approval.`);
    case 'APPROVED':
      // Still APPROVED but not claimable: its time ran out and the sweeper has not marked it yet.
      return simple(
        `:hourglass: Your approval \`${request.requestId}\` for *${request.bucket}* has expired. Run \`/bucket-key create ${request.bucket}\` to ask again.`,
      );
    default:
      return simple(
        `Request \`${request.requestId}\` is ${request.state.toLowerCase()}. Run \`/bucket-key create ${request.bucket}\` to ask again.`,
      );
  }
}

/** The "Create key now" button of an approval; its value names the request, nothing more. */
export function createKeyButton(request: AccessRequest) {
  return {
    type: 'actions',
    block_id: 'issue',
    elements: [
      {
        type: 'button',
        action_id: ACTION.createKeyNow,
        style: 'primary',
        text: { type: 'plain_text', text: 'Create key now' },
        value: request.requestId,
      },
    ],
  };
}

/** Lightsail did not answer a create: a key may exist, and is cleaned up before the approval comes back. */
export function createOutcomeUnknown(request: AccessRequest, issuingTimeoutMs: number): SlackMessage {
  return simple(
    `:cloud: Lightsail did not answer in time while creating your key for *${request.bucket}*. No secret was shown, and any key it made will be deleted.`,
    `Your approval \`${request.requestId}\` is usable again within ${describeDuration(issuingTimeoutMs)}; then run \`/bucket-key create ${request.bucket}\`.`,
  );
}
