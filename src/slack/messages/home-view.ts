import type { AccessRequest } from '../../domain/access-request.js';
import { approvalRequestCard } from './approval-request.js';
import { context, section } from './format.js';
import { requestLines } from './status.js';

/** App Home: your requests and keys, and for approvers the requests waiting for them. */
export function homeView(own: readonly AccessRequest[], toDecide: readonly AccessRequest[] | undefined) {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: 'bucket-key' } },
    context('Lightsail bucket keys, approved by a person, delivered once. `/bucket-key help` for commands.'),
    section('*Your requests and keys*'),
    ...requestLines(own),
  ];
  if (toDecide) {
    blocks.push({ type: 'divider' }, section(`*Waiting for your decision* (${toDecide.length})`));
    if (toDecide.length === 0) blocks.push(section('_Nothing to decide._'));
    for (const request of toDecide) {
      blocks.push(...(approvalRequestCard(request, { approvers: [] }).blocks ?? []), { type: 'divider' });
    }
  }
  // Slack allows 100 blocks in a Home view.
  return { type: 'home' as const, blocks: blocks.slice(0, 100) };
}
