import type { AuditEvent } from '../../domain/audit-event.js';
import { neighbourSeqs, standingOf } from '../../domain/audit-standing.js';
import type { AuditLog } from '../../ports/audit-log.js';

/** What a view may show of some items read from an index: only the chain's events, the edited ones named. */
export interface ChainView {
  /** The items that are events of the chain, in the order given. */
  events: AuditEvent[];
  /** Sequence numbers among `events` whose fields no longer match their hash. */
  edited: number[];
  /** Items that are not events of the chain, left out. */
  hidden: number;
}

/**
 * An index holds every item with its key attributes, wherever it was written, so what a lookup or an
 * export reads from one is checked against the chain before it is shown: each item's neighbours are
 * read from the chain partition by key (one BatchGetItem per 100), and an item they do not link
 * through is left out.
 */
export async function chainOnly(audit: AuditLog, candidates: readonly AuditEvent[]): Promise<ChainView> {
  const neighbours = new Map<number, AuditEvent>();
  for (const event of candidates) neighbours.set(event.seq, event);
  for (const event of await audit.eventsAt(neighbourSeqs(candidates))) neighbours.set(event.seq, event);
  const view: ChainView = { events: [], edited: [], hidden: 0 };
  for (const event of candidates) {
    const standing = standingOf(event, neighbours);
    if (standing === 'outside') {
      view.hidden++;
      continue;
    }
    view.events.push(event);
    if (standing === 'edited') view.edited.push(event.seq);
  }
  return view;
}
