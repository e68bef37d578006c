import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import type { ApprovalCardFacts } from '../../ports/notices/request-notices.js';
import { context, fields, mention, mentionAll, section, slackDate, userText } from './format.js';
import { ACTION } from './ids.js';
import { quorumProgress } from './quorum-messages.js';

/** The card in the approvers' channel, with Approve / Deny buttons (each confirmed). */
export function approvalRequestCard(request: AccessRequest, facts: ApprovalCardFacts): SlackMessage {
  return {
    text: `${request.requesterId} asks for an access key to ${request.bucket} (${request.requestId})`,
    blocks: [
      section(`:key: ${mention(request.requesterId)} asks for an access key to *${request.bucket}*`),
      requestFields(request, facts.keyCount),
      reasonBlock(request),
      {
        type: 'actions',
        block_id: 'decision',
        elements: [
          button(ACTION.approve, 'Approve', 'primary', request, {
            title: 'Approve this key?',
            text: `${mention(request.requesterId)} gets one key with full access to *${request.bucket}*.`,
            confirm: 'Approve',
          }),
          button(ACTION.deny, 'Deny', 'danger', request, {
            title: 'Deny this request?',
            text: `${mention(request.requesterId)} will be told it was denied.`,
            confirm: 'Deny',
          }),
        ],
      },
      ...quorumBlocks(request, facts.approvalsRequired ?? 1),
      context(`Expires ${slackDate(request.dueAt ?? request.createdAt)} if nobody decides.`),
    ],
  };
}

function quorumBlocks(request: AccessRequest, required: number) {
  if (required <= 1) return [];
  return [
    section(`:busts_in_silhouette: ${quorumProgress(request, required)}. Any one Deny ends the request.`),
  ];
}

/** The same card once decided or expired: the outcome, and no buttons. */
export function decidedRequestCard(request: AccessRequest): SlackMessage {
  const outcome =
    request.state === 'EXPIRED' && !request.decidedBy
      ? ':hourglass: Expired without a decision'
      : request.state === 'CANCELLED'
        ? `:leftwards_arrow_with_hook: Cancelled by the requester ${slackDate(request.cancelledAt ?? request.createdAt)}`
        : request.state === 'DENIED'
          ? `:no_entry: Denied by ${mention(request.decidedBy ?? '')} ${slackDate(request.decidedAt ?? request.createdAt)}`
          : `:white_check_mark: Approved by ${mentionAll(approversOf(request))} ${slackDate(request.decidedAt ?? request.createdAt)}`;
  return {
    text: `${request.requestId} for ${request.bucket}: ${request.state.toLowerCase()}`,
    blocks: [
      section(`${mention(request.requesterId)} asked for an access key to *${request.bucket}*`),
      requestFields(request),
      reasonBlock(request),
      section(outcome),
    ],
  };
}

/** Everyone whose approval counted, the deciding one last. */
function approversOf(request: AccessRequest): string[] {
  const all = [...(request.approvals ?? [])];
  if (request.decidedBy && !all.includes(request.decidedBy)) all.push(request.decidedBy);
  return all;
}

function requestFields(request: AccessRequest, keyCount?: number) {
  const pairs: Array<[string, string]> = [
    ['Bucket', `\`${request.bucket}\``],
    ['Region', request.region],
    ['Request', `\`${request.requestId}\``],
  ];
  if (keyCount !== undefined) pairs.push(['Keys on the bucket', `${keyCount} of 2`]);
  return fields(pairs);
}

/**
 * The requester's own words, in plain_text: mrkdwn has no escape for * _ ~ `, and a reason must
 * not be able to format, link or mention anything on the card approvers decide from.
 */
function reasonBlock(request: AccessRequest) {
  if (!request.reason) return section('*Reason:* _none given_');
  return { type: 'section', text: userText(`Reason: ${request.reason}`) };
}

function button(
  actionId: string,
  label: string,
  style: 'primary' | 'danger',
  request: AccessRequest,
  confirm: { title: string; text: string; confirm: string },
) {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label },
    style,
    // Only identifies the request; who may decide is checked on the server.
    value: request.requestId,
    confirm: {
      title: { type: 'plain_text', text: confirm.title },
      text: { type: 'mrkdwn', text: confirm.text },
      confirm: { type: 'plain_text', text: confirm.confirm },
      deny: { type: 'plain_text', text: 'Cancel' },
      style,
    },
  };
}
