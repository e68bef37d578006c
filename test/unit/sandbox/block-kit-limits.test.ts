import { describe, expect, it } from 'vitest';
import { blockKitBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const button = (over: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'a',
  text: plain('Go'),
  value: 'v',
  ...over,
});
const confirm = (over: Record<string, unknown> = {}) => ({
  title: plain('t'),
  text: mrkdwn('x'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...over,
});
const rulesOf = (blocks: unknown, surface: 'message' | 'home' = 'message') =>
  blockKitBreaches(blocks, surface).map((b) => b.rule);

describe('Block Kit limits', () => {
  // Each case: the largest value Slack accepts, then one more.
  const cases: Array<[string, (n: number) => unknown[], number, string, ('message' | 'home')?]> = [
    ['blocks in a message', (n) => many(n, (i) => section(`${i}`)), 50, 'at most 50 blocks in a message'],
    [
      'blocks in a Home tab',
      (n) => many(n, (i) => section(`${i}`)),
      100,
      'at most 100 blocks in a home',
      'home',
    ],
    ['section text', (n) => [section('x'.repeat(n))], 3000, 'section text length'],
    [
      'fields in a section',
      (n) => [{ type: 'section', fields: many(n, () => plain('f')) }],
      10,
      'fields in a section',
    ],
    ['a field', (n) => [{ type: 'section', fields: [mrkdwn('x'.repeat(n))] }], 2000, 'section field length'],
    ['block_id', (n) => [{ type: 'divider', block_id: 'b'.repeat(n) }], 255, 'block_id length'],
    [
      'context elements',
      (n) => [{ type: 'context', elements: many(n, () => mrkdwn('c')) }],
      10,
      'elements in a context block',
    ],
    [
      'actions elements',
      (n) => [{ type: 'actions', elements: many(n, () => button()) }],
      25,
      'elements in an actions block',
    ],
    [
      'button text',
      (n) => [{ type: 'actions', elements: [button({ text: plain('x'.repeat(n)) })] }],
      75,
      'button text length',
    ],
    [
      'button value',
      (n) => [{ type: 'actions', elements: [button({ value: 'x'.repeat(n) })] }],
      2000,
      'button value length',
    ],
    [
      'action_id',
      (n) => [{ type: 'actions', elements: [button({ action_id: 'x'.repeat(n) })] }],
      255,
      'action_id length',
    ],
    ['header text', (n) => [{ type: 'header', text: plain('x'.repeat(n)) }], 150, 'header text length'],
    [
      'confirm text',
      (n) => [{ type: 'actions', elements: [button({ confirm: confirm({ text: mrkdwn('x'.repeat(n)) }) })] }],
      300,
      'confirm text length',
    ],
  ];

  it.each(cases)(
    '%s: accepts the limit, refuses one more',
    (_name, build, limit, rule, surface = 'message') => {
      expect(rulesOf(build(limit), surface)).toEqual([]);
      expect(rulesOf(build(limit + 1), surface)).toEqual([rule]);
    },
  );

  it('refuses empty text and a button or header whose text is not plain_text', () => {
    expect(rulesOf([section('')])).toEqual(['text is empty']);
    expect(rulesOf([{ type: 'actions', elements: [button({ text: mrkdwn('Go') })] }])).toEqual([
      'must be plain_text',
    ]);
    expect(rulesOf([{ type: 'header', text: mrkdwn('Title') }])).toEqual(['must be plain_text']);
  });

  it('says where each breach is', () => {
    expect(
      blockKitBreaches([section('ok'), { type: 'section', fields: [plain('x'.repeat(2001))] }], 'message'),
    ).toEqual([
      { path: 'blocks[1].fields[0].text', rule: 'section field length', limit: 2000, actual: 2001 },
    ]);
  });
});
