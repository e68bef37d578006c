import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { mentionAll, simple, slackDate } from './format.js';

/**
 * A reply in the card's thread while nobody decides. The last one (n = times) escalates:
 * it mentions the escalateTo people, who may now decide as approvers.
 */
export function pendingReminder(
  request: AccessRequest,
  reminder: { n: number; times: number; approvers: readonly string[]; escalateTo: readonly string[] },
): SlackMessage {
  const since = `waiting since ${slackDate(request.createdAt)}`;
  const base = `:bell: Reminder ${reminder.n} of ${reminder.times}: \`${request.requestId}\` for *${request.bucket}* is still ${since}. ${mentionAll(reminder.approvers)}, please decide on the card above.`;
  if (reminder.n < reminder.times || reminder.escalateTo.length === 0) return simple(base);
  return simple(
    `${base}\n:rotating_light: Escalated to ${mentionAll(reminder.escalateTo)}: you may now approve or deny it on the card above.`,
  );
}
