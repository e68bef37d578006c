import type { SlackMessage } from '../../ports/messenger.js';

/** Escapes user-supplied text for mrkdwn, so it cannot mention, link or format. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = ` … (${text.length - max} more characters)`;
  return `${text.slice(0, Math.max(0, max - note.length))}${note}`;
}

/** Mentions a user (U…/W…) or a user group (S…). */
export function mention(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

export function mentionAll(ids: readonly string[]): string {
  return ids.length ? ids.map(mention).join(', ') : '_nobody is configured_';
}

/** Slack renders the date in the reader's own time zone; the fallback is UTC. */
export function slackDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${date.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
}

export const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
export const fields = (pairs: Array<[string, string]>) => ({
  type: 'section',
  fields: pairs.map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` })),
});

/** What a capped list did not show: how many, and where to see them. */
export function moreLine(hidden: number | string, what: string, where: string) {
  return context(`…and ${hidden} more ${what}: ${where}`);
}

/** A one-section message whose fallback text is the same sentence. */
export function simple(text: string, note?: string): SlackMessage {
  return { text: stripMrkdwn(text), blocks: note ? [section(text), context(note)] : [section(text)] };
}

/** Notification text: no bold or code markers (underscores stay: they are part of emoji names). */
function stripMrkdwn(text: string): string {
  return text.replace(/[*`]/g, '');
}
