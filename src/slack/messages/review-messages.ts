import { countsOf, entriesOf, type ReviewEntry } from '../../domain/review.js';
import type { SlackMessage } from '../../ports/messenger.js';
import type { ReviewerView } from '../../ports/notices/review-notices.js';
import { context, moreLine, section, slackDate, truncate, userText } from './format.js';
import { ACTION } from './ids.js';
import {
  campaignLine,
  countsText,
  decisionText,
  holderText,
  keysText,
  lastUseText,
  lifeText,
} from './review-lines.js';

/**
 * Keys per page of a reviewer's DM. Each key takes at most three blocks (its facts, its reason, its
 * buttons), and the page four more (heading, counts, page buttons, footer): 12 × 3 + 4 = 40, within
 * Slack's 50 blocks a message. Longer campaigns are paged, never cut.
 */
export const KEYS_PER_PAGE = 12;
/** Most reasons are at most 300 characters; older records may hold more. */
const REASON_SHOWN = 500;

/** How many pages a campaign's keys take. */
export function pagesOf(view: Pick<ReviewerView, 'campaign'>): number {
  return Math.max(1, Math.ceil(Object.keys(view.campaign.entries).length / KEYS_PER_PAGE));
}

/**
 * A reviewer's DM for a campaign, one page of its keys: each with its holder (and their kind of
 * account when not a full member), when it was issued and by whom, its reason, age and expiry, and
 * its last use as Lightsail reports it; Keep and Revoke on each key the reader may decide.
 */
export function reviewerMessage(view: ReviewerView): SlackMessage {
  const { campaign } = view;
  const entries = entriesOf(campaign);
  const pages = pagesOf(view);
  const page = Math.min(view.page, pages - 1);
  const shown = entries.slice(page * KEYS_PER_PAGE, (page + 1) * KEYS_PER_PAGE);
  const first = page * KEYS_PER_PAGE + 1;
  const range = entries.length ? `keys ${first}–${first + shown.length - 1} of ${entries.length}` : 'no keys';
  const open = campaign.state === 'OPEN' && campaign.deadline > view.now;
  const blocks: unknown[] = [
    section(
      `:mag: *Access review of ${campaign.bucket}* (${campaign.campaignId})\n${
        open
          ? `Decide each key by ${slackDate(campaign.deadline)}: *Keep* it, or *Revoke* its access. Keys nobody keeps by then are revoked.`
          : campaignLine(campaign, view.now)
      }`,
    ),
    context(`${countsText(countsOf(campaign))} · ${range}`),
    ...shown.flatMap((entry) => entryBlocks(view, entry, page)),
  ];
  if (pages > 1) blocks.push(pageButtons(view, page, pages));
  return { text: `Access review of ${campaign.bucket}: ${range}`, blocks };
}

/** One key: its facts, its reason (as typed, inert), and Keep / Revoke when the reader may decide it. */
export function entryBlocks(view: ReviewerView, entry: ReviewEntry, page: number): unknown[] {
  const decided = decisionText(entry);
  const own = entry.holderId === view.viewerId;
  const decidable = view.decidable.includes(entry.grantId);
  const open =
    !entry.decision && !entry.gone && view.campaign.state === 'OPEN' && view.campaign.deadline > view.now;
  const note = decided
    ? decided
    : own && open
      ? '_This is your key: another reviewer decides it._'
      : open && !decidable
        ? `_Decided by ${entry.fallback ? 'the default approvers' : 'the campaign’s reviewers'}._`
        : '';
  const facts = [
    `${holderText(entry)} · ${keysText(entry, view.missing)}`,
    lifeText(entry, view.now),
    lastUseText(entry, view.lastUse),
    ...(note ? [note] : []),
  ].join('\n');
  const blocks: unknown[] = [
    { type: 'section', block_id: `key_${entry.grantId}`, text: { type: 'mrkdwn', text: facts } },
    {
      type: 'context',
      elements: [userText(`Reason: ${truncate(entry.reason || '(none given)', REASON_SHOWN)}`)],
    },
  ];
  if (open && (decidable || own)) blocks.push(decisionButtons(view, entry, page));
  return blocks;
}

function decisionButtons(view: ReviewerView, entry: ReviewEntry, page: number) {
  // The value names only what was clicked; who may decide is checked on the server.
  const value = `${view.campaign.campaignId} ${entry.grantId} ${page}`;
  return {
    type: 'actions',
    block_id: `decide_${entry.grantId}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION.reviewKeep,
        style: 'primary',
        text: { type: 'plain_text', text: 'Keep' },
        value,
      },
      {
        type: 'button',
        action_id: ACTION.reviewRevoke,
        style: 'danger',
        text: { type: 'plain_text', text: 'Revoke' },
        value,
        confirm: {
          title: { type: 'plain_text', text: 'Revoke this access?' },
          text: {
            type: 'mrkdwn',
            text: `Every key of this grant is deleted at once, rotations included; <@${entry.holderId}> loses access to *${view.campaign.bucket}*.`,
          },
          confirm: { type: 'plain_text', text: 'Revoke' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'danger',
        },
      },
    ],
  };
}

function pageButtons(view: ReviewerView, page: number, pages: number) {
  const id = view.campaign.campaignId;
  const button = (text: string, to: number) => ({
    type: 'button',
    action_id: ACTION.reviewPage,
    text: { type: 'plain_text', text },
    value: `${id} ${to}`,
  });
  return {
    type: 'actions',
    block_id: 'review_pages',
    elements: [
      ...(page > 0 ? [button('‹ Previous', page - 1)] : []),
      ...(page < pages - 1 ? [button(`Next › (page ${page + 2} of ${pages})`, page + 1)] : []),
    ],
  };
}

/**
 * App Home's access reviews: for each open campaign with keys waiting for this reviewer, those keys
 * with their buttons, as many as fit in `room` blocks; then how many more wait, and where.
 */
export function reviewHomeBlocks(views: readonly ReviewerView[], room: number): unknown[] {
  if (views.length === 0) return [];
  const waiting = views.reduce((n, view) => n + view.decidable.length, 0);
  const blocks: unknown[] = [{ type: 'divider' }, section(`*Access reviews waiting for you* (${waiting})`)];
  let hidden = 0;
  for (const view of views) {
    const heading = context(
      `*${view.campaign.bucket}* (${view.campaign.campaignId}): decide by ${slackDate(view.campaign.deadline)}`,
    );
    const keys = entriesOf(view.campaign).filter((entry) => view.decidable.includes(entry.grantId));
    const cards = keys.map((entry) => entryBlocks(view, entry, 0));
    if (blocks.length + 1 + (cards[0]?.length ?? 0) > room - 1) {
      hidden += keys.length;
      continue;
    }
    blocks.push(heading);
    for (const card of cards) {
      if (blocks.length + card.length > room - 1) hidden++;
      else blocks.push(...card);
    }
  }
  if (hidden > 0)
    blocks.push(moreLine(hidden, 'keys waiting for your review', 'each campaign’s DM lists them all.'));
  return blocks;
}
