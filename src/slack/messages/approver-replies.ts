import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { mention, simple, slackDate } from './format.js';

export function notAnApprover(request: AccessRequest): SlackMessage {
  return simple(`:no_entry: You are not an approver for *${request.bucket}*. Nothing was changed.`);
}

export function selfApprovalRefused(): SlackMessage {
  return simple(':no_entry: You cannot decide your own request. Another approver has to.');
}

export function alreadyDecided(current: AccessRequest | undefined): SlackMessage {
  if (!current) return simple('That request no longer exists.');
  if (current.decidedBy) {
    const verb = current.state === 'DENIED' ? 'denied' : 'approved';
    return simple(
      `${mention(current.decidedBy)} already ${verb} \`${current.requestId}\` ${slackDate(current.decidedAt ?? current.createdAt)}. Your click changed nothing.`,
    );
  }
  if (current.state === 'CANCELLED')
    return simple(
      `${mention(current.requesterId)} withdrew \`${current.requestId}\`; your click changed nothing.`,
    );
  return simple(`Request \`${current.requestId}\` has expired and can no longer be decided.`);
}

export function unknownRequest(): SlackMessage {
  return simple('I have no record of that request.');
}
