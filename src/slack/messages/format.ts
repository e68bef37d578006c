import type { SlackMessage } from '../../ports/messenger.js';

/**
 * Escapes Slack's three control characters (& < >), which it decodes in every text object.
 * This stops mentions and `<url|label>` links, not *bold*, _italic_, ~strike~ or `code`:
 * mrkdwn has no escape for those, so user text goes into plain_text (see `userText`).
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Bidi embeddings, overrides and isolates: they can make text read in a different order than it is. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** A scheme (`https://`) or a host name (`evil.example`, `www.x.org`): Slack clients may link either. */
const URL_SCHEME = /\b([a-z][a-z0-9+.-]*):\/\//gi;
const HOST_NAME = /\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b/gi;

/**
 * Text someone typed (a reason, an audit detail), made inert for display in a plain_text object:
 * bidi controls removed, & < > escaped, and URLs defanged the way security teams write them
 * (`https[:]//evil[.]example/login`), because a Slack client may turn a bare URL into a link
 * even in plain_text. Nothing else changes: plain_text renders * _ ~ ` literally.
 */
export function inertText(text: string): string {
  return escapeText(
    text
      .replace(BIDI_CONTROLS, '')
      .replace(URL_SCHEME, '$1[:]//')
      .replace(HOST_NAME, (host) => host.replace(/\./g, '[.]')),
  );
}

/** A plain_text object for user text: never formatted, never a link, never an emoji code. */
export function userText(text: string) {
  return { type: 'plain_text' as const, text: inertText(text), emoji: false };
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
