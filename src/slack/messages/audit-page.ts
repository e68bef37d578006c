import { type AuditEvent, describeEventType } from '../../domain/audit-event.js';
import { describeAuditSubject } from '../../domain/audit-subject.js';
import type { AuditSubject } from '../../domain/command.js';
import { SLACK_USER_GROUP_ID } from '../../domain/patterns.js';
import type { AuditRequest } from '../../ports/job-queue.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, mention, section, simple, slackDate, truncate, userText } from './format.js';
import { ACTION } from './ids.js';

const OUTCOME_ICON = { ok: ':white_check_mark:', refused: ':no_entry:', failed: ':warning:' } as const;
/** A detail is shown up to the longest reason a request may carry; longer ones are cut, saying so. */
const DETAIL_SHOWN = 300;
/** Block Kit's limit on a button's value, which carries the next page's query. */
const BUTTON_VALUE_MAX = 2000;

/**
 * One page of the audit log, newest first, with a "More" button carrying the opaque cursor.
 * One block per event: a page holds at most 40 (`--limit`), so with its title and paging it stays
 * within a message's 50 blocks.
 */
export function auditPage(
  query: AuditRequest,
  events: readonly AuditEvent[],
  cursor?: string,
  marks: { edited?: readonly number[]; hidden?: number } = {},
): SlackMessage {
  const title = `Audit log for ${describeSubject(query.subject)}${query.since ? ` since ${slackDate(query.since)}` : ''}`;
  const hidden = marks.hidden ?? 0;
  if (events.length === 0 && !query.cursor && !cursor && hidden === 0) return simple(`${title}: no events.`);
  const edited = new Set(marks.edited ?? []);
  const blocks: unknown[] = [
    section(`*${title}*`),
    ...events.map((event) => eventBlock(event, edited.has(event.seq))),
  ];
  if (hidden > 0)
    blocks.push(
      context(
        `:rotating_light: ${hidden} item${hidden === 1 ? '' : 's'} in the table on this page ${hidden === 1 ? 'is' : 'are'} not on the audit chain and ${hidden === 1 ? 'is' : 'are'} not shown. Run \`/bucket-key audit verify\`.`,
      ),
    );
  const next = cursor ? JSON.stringify({ ...query, cursor } satisfies AuditRequest) : undefined;
  if (next && next.length > BUTTON_VALUE_MAX) {
    blocks.push(context('More events exist; narrow the lookup with `--since` to page through them.'));
  } else if (next) {
    blocks.push({
      type: 'actions',
      block_id: 'audit_paging',
      elements: [
        {
          type: 'button',
          action_id: ACTION.auditMore,
          text: { type: 'plain_text', text: 'More' },
          value: next,
        },
      ],
    });
  } else {
    blocks.push(context('End of the log.'));
  }
  return { text: `${title}: ${events.length} events`, blocks };
}

export function describeSubject(subject: AuditSubject): string {
  return describeAuditSubject(subject);
}

/** Shown on an event whose fields no longer match its hash. */
const EDITED_MARK = ':warning: *hash does not match: edited after it was recorded*';

/** Our own line in mrkdwn; the free-text detail beside it in plain_text, so it cannot format or link. */
function eventBlock(event: AuditEvent, edited: boolean) {
  const line = describeEvent(event);
  const block: Record<string, unknown> = { ...section(edited ? `${EDITED_MARK}\n${line}` : line) };
  if (event.detail) block.fields = [userText(truncate(event.detail, DETAIL_SHOWN))];
  return block;
}

function describeEvent(event: AuditEvent): string {
  const who = event.actorId === 'bucket-key' ? 'bucket-key' : mention(event.actorId);
  const about =
    event.subjectUserId && event.subjectUserId !== event.actorId
      ? ` for ${mention(event.subjectUserId)}`
      : '';
  const parts = [
    `${OUTCOME_ICON[event.outcome]} ${slackDate(event.at)} · ${who} · *${describeEventType(event.type)}*${about}`,
    [
      event.bucket ? `\`${event.bucket}\`` : undefined,
      event.requestId ? `\`${event.requestId}\`` : undefined,
      event.accessKeyId ? `key \`${event.accessKeyId}\`` : undefined,
      event.approverId ? `_approved by ${mention(event.approverId)}_` : undefined,
      event.via && SLACK_USER_GROUP_ID.test(event.via) ? `as a member of ${mention(event.via)}` : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
  ];
  return parts.filter(Boolean).join('\n');
}

export function notAnAuditor(): SlackMessage {
  return simple(
    ':no_entry: Only approvers and auditors may read the audit log. This attempt has been recorded.',
  );
}
