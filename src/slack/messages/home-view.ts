import type { AccessRequest } from '../../domain/access-request.js';
import type { ReviewerView } from '../../ports/notices/review-notices.js';
import { approvalRequestCard } from './approval-request.js';
import { context, moreLine, section } from './format.js';
import { homeRequestBlocks, requestKeyButton } from './home-requests.js';
import { reviewHomeBlocks } from './review-messages.js';

/** Block Kit allows 100 blocks in a Home tab. */
const HOME_MAX_BLOCKS = 100;

export interface PendingForApprover {
  /** The requests this approver may decide, soonest deadline first. */
  requests: readonly AccessRequest[];
  /** False when the lookup stopped at its limit, so more may be waiting than were counted. */
  complete: boolean;
  /** The approvers' channel, where every request has its card. */
  channelId: string;
}

/**
 * App Home: your requests and keys, and for approvers the requests waiting for them. As many
 * whole cards as fit in the Home tab's blocks, then how many more wait and where they are.
 */
export function homeView(
  own: readonly AccessRequest[],
  toDecide: PendingForApprover | undefined,
  lastUsed: ReadonlyMap<string, Date | undefined> = new Map(),
  /** Open access reviews with keys waiting for this reviewer. */
  reviews: readonly ReviewerView[] = [],
) {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: 'bucket-key' } },
    context('Lightsail bucket keys, approved by a person, delivered once. `/bucket-key help` for commands.'),
    requestKeyButton(),
    section('*Your requests and keys*'),
    ...homeRequestBlocks(own, lastUsed),
  ];
  // Reviews get at most half the tab, so the requests waiting for a decision still show.
  blocks.push(...reviewHomeBlocks(reviews, Math.floor((HOME_MAX_BLOCKS - blocks.length) / 2)));
  if (!toDecide) return { type: 'home' as const, blocks };

  const waiting = toDecide.requests;
  const count = `${waiting.length}${toDecide.complete ? '' : '+'}`;
  blocks.push({ type: 'divider' }, section(`*Waiting for your decision* (${count})`));
  if (waiting.length === 0) blocks.push(section('_Nothing to decide._'));
  const cards = waiting.map((request) => [
    ...(approvalRequestCard(request, { approvers: [] }).blocks ?? []),
    { type: 'divider' },
  ]);
  // Keep one block for the line that counts the requests not shown.
  let room = HOME_MAX_BLOCKS - blocks.length - 1;
  let shown = 0;
  for (const card of cards) {
    if (card.length > room) break;
    blocks.push(...card);
    room -= card.length;
    shown++;
  }
  if (shown < waiting.length) {
    const hidden = `${waiting.length - shown}${toDecide.complete ? '' : '+'}`;
    blocks.push(
      moreLine(
        hidden,
        'waiting for your decision',
        `each has its card in <#${toDecide.channelId}>, and this tab shows the next ones as you decide.`,
      ),
    );
  }
  return { type: 'home' as const, blocks };
}
