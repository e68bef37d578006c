/**
 * Block Kit's documented limits, as Slack enforces them: one broken limit and Slack refuses the
 * whole payload with `invalid_blocks`. A pure function, so the Slack stand-in refuses what Slack
 * would and the builders' unit tests judge their output by the same rules.
 *
 * It lives beside the stand-in, not in src/slack/messages/, because it models Slack: the bot never
 * calls it at run time (its builders stay within the limits by construction), so it is not shipped.
 *
 * Checked against Slack's reference (docs.slack.dev/reference/block-kit/…):
 * - blocks: "up to 50 blocks in each message, and 100 blocks in modals or Home tabs";
 * - text object: "minimum length is 1 and maximum length is 3000 characters";
 * - section: text 3,000 characters; fields "Maximum number of items is 10. Maximum length for the
 *   text in each item is 2000 characters";
 * - block_id and action_id: "Maximum length for this field is 255 characters";
 * - button: text `plain_text` only, 75 characters; value 2,000; url 3,000;
 * - confirmation dialog: title 100, text 300, confirm and deny 30 characters;
 * - context: "Maximum number of items is 10"; actions: "a maximum of 25 elements";
 * - header: `plain_text`, 150 characters.
 */

export type Surface = 'message' | 'home' | 'modal';

export interface BlockKitBreach {
  /** Where, as a JSON path: `blocks[3].fields[0].text`. */
  path: string;
  rule: string;
  limit: number;
  actual: number;
}

const MAX_BLOCKS: Record<Surface, number> = { message: 50, home: 100, modal: 100 };
const TEXT_MAX = 3000;
const FIELD_MAX = 2000;
const FIELDS_MAX = 10;
const ID_MAX = 255;
const BUTTON_TEXT_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
const BUTTON_URL_MAX = 3000;
const CONTEXT_ELEMENTS_MAX = 10;
const ACTIONS_ELEMENTS_MAX = 25;
const HEADER_TEXT_MAX = 150;
const CONFIRM = { title: 100, text: 300, confirm: 30, deny: 30 } as const;

// biome-ignore lint/suspicious/noExplicitAny: Block Kit as sent over the wire: any JSON
type Json = any;

/** Every limit that `blocks` break on `surface`; an empty list means Slack accepts them. */
export function blockKitBreaches(blocks: unknown, surface: Surface): BlockKitBreach[] {
  const check = new Breaches();
  if (!Array.isArray(blocks)) return check.found;
  check.over(
    'blocks',
    `at most ${MAX_BLOCKS[surface]} blocks in a ${surface}`,
    MAX_BLOCKS[surface],
    blocks.length,
  );
  blocks.forEach((block: Json, i) => {
    check.block(`blocks[${i}]`, block);
  });
  return check.found;
}

/** The breaches found so far, and one check per kind of thing a block holds. */
class Breaches {
  readonly found: BlockKitBreach[] = [];

  over(path: string, rule: string, limit: number, actual: number): void {
    if (actual > limit) this.found.push({ path, rule, limit, actual });
  }

  block(at: string, block: Json): void {
    if (typeof block?.block_id === 'string')
      this.over(`${at}.block_id`, 'block_id length', ID_MAX, block.block_id.length);
    if (block?.type === 'section') this.section(at, block);
    if (block?.type === 'context' && Array.isArray(block.elements)) {
      this.over(`${at}.elements`, 'elements in a context block', CONTEXT_ELEMENTS_MAX, block.elements.length);
      block.elements.forEach((item: Json, n: number) => {
        if (item?.type === 'mrkdwn' || item?.type === 'plain_text')
          this.text(`${at}.elements[${n}]`, item, TEXT_MAX, 'text length');
      });
    }
    if (block?.type === 'actions' && Array.isArray(block.elements)) {
      this.over(
        `${at}.elements`,
        'elements in an actions block',
        ACTIONS_ELEMENTS_MAX,
        block.elements.length,
      );
      block.elements.forEach((item: Json, n: number) => {
        this.element(`${at}.elements[${n}]`, item);
      });
    }
    if (block?.type === 'header')
      this.text(`${at}.text`, block.text, HEADER_TEXT_MAX, 'header text length', 'plain_text');
  }

  private section(at: string, block: Json): void {
    if (block.text) this.text(`${at}.text`, block.text, TEXT_MAX, 'section text length');
    if (Array.isArray(block.fields)) {
      this.over(`${at}.fields`, 'fields in a section', FIELDS_MAX, block.fields.length);
      block.fields.forEach((field: Json, f: number) => {
        this.text(`${at}.fields[${f}]`, field, FIELD_MAX, 'section field length');
      });
    }
    if (block.accessory) this.element(`${at}.accessory`, block.accessory);
  }

  private text(path: string, object: Json, max: number, rule: string, only?: 'plain_text'): void {
    const value = typeof object?.text === 'string' ? object.text : '';
    if (value.length === 0)
      this.found.push({ path: `${path}.text`, rule: 'text is empty', limit: 1, actual: 0 });
    this.over(`${path}.text`, rule, max, value.length);
    if (only && object?.type !== only)
      this.found.push({ path: `${path}.type`, rule: `must be ${only}`, limit: 0, actual: 1 });
  }

  private element(path: string, item: Json): void {
    if (typeof item?.action_id === 'string')
      this.over(`${path}.action_id`, 'action_id length', ID_MAX, item.action_id.length);
    if (item?.type !== 'button') return;
    this.text(`${path}.text`, item.text, BUTTON_TEXT_MAX, 'button text length', 'plain_text');
    if (typeof item.value === 'string')
      this.over(`${path}.value`, 'button value length', BUTTON_VALUE_MAX, item.value.length);
    if (typeof item.url === 'string')
      this.over(`${path}.url`, 'button url length', BUTTON_URL_MAX, item.url.length);
    if (!item.confirm) return;
    const dialog = item.confirm;
    this.text(`${path}.confirm.title`, dialog.title, CONFIRM.title, 'confirm title length', 'plain_text');
    this.text(`${path}.confirm.text`, dialog.text, CONFIRM.text, 'confirm text length');
    this.text(
      `${path}.confirm.confirm`,
      dialog.confirm,
      CONFIRM.confirm,
      'confirm button length',
      'plain_text',
    );
    this.text(`${path}.confirm.deny`, dialog.deny, CONFIRM.deny, 'deny button length', 'plain_text');
  }
}

/** One line per breach, for error messages and test failures. */
export function describeBreaches(breaches: readonly BlockKitBreach[]): string {
  return breaches.map((b) => `${b.path}: ${b.rule} (limit ${b.limit}, got ${b.actual})`).join('\n');
}
