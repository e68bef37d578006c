import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/domain/command.js';
import { InvalidCommandError } from '../../../src/domain/errors.js';
import {
  campaignIdFor,
  parseCampaignId,
  type ReviewCampaign,
  type ReviewEntry,
} from '../../../src/domain/review.js';
import type { ReviewerView } from '../../../src/ports/notices/review-notices.js';
import { blockKitBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import type { ReviewDecisionOutcome } from '../../../src/services/review/decide-review.js';
import { ACTION } from '../../../src/slack/messages/ids.js';
import { reviewerMessage, reviewHomeBlocks } from '../../../src/slack/messages/review-messages.js';
import { campaignList, reviewSummaryMessage } from '../../../src/slack/messages/review-replies.js';
import { presentReviewDecision } from '../../../src/slack/presenter/review-presenters.js';
import { intentOf } from '../../../src/slack/signed-jobs/job-from-slack.js';

const BUCKET = `a${'b'.repeat(52)}c`;
const NOW = '2026-05-10T09:00:00.000Z';
const G = { riley: 'REQ-AAAAAAAA-1', alex: 'REQ-BBBBBBBB-1', kept: 'REQ-CCCCCCCC-1' };

const entry = (grantId: string, holderId: string, extra: Partial<ReviewEntry> = {}): ReviewEntry => ({
  grantId,
  holderId,
  keys: [{ accessKeyId: `AKIA${'Z'.repeat(124)}`, requestId: grantId }],
  approvers: ['UAPPROVER1', 'SAPPROVERS'],
  approvedAt: '2026-04-01T09:00:00.000Z',
  issuedAt: '2026-04-01T09:00:00.000Z',
  reason: `<!channel> see https://evil.example ${'x'.repeat(280)}`,
  expiresAt: '2026-06-01T09:00:00.000Z',
  lastUse: {},
  ...extra,
});

const campaign: ReviewCampaign = {
  campaignId: campaignIdFor(BUCKET, 12),
  bucket: BUCKET,
  region: 'us-east-1',
  number: 12,
  openedAt: '2026-05-01T09:00:00.000Z',
  deadline: '2026-05-15T09:00:00.000Z',
  reviewers: ['UALEX00001', 'UBLAKE0001'],
  fallbackReviewers: ['UAPPROVER1'],
  entries: {
    [G.riley]: entry(G.riley, 'URILEY0001', { holderKind: 'single_channel_guest' }),
    [G.alex]: entry(G.alex, 'UALEX00001'),
    [G.kept]: entry(G.kept, 'USAM000001', { decision: { kind: 'kept', by: 'UBLAKE0001', at: NOW } }),
  },
  state: 'OPEN',
  notices: {},
};
const view: ReviewerView = { campaign, viewerId: 'UALEX00001', page: 0, decidable: [G.riley], now: NOW };

const buttonsOf = (blocks: unknown[] | undefined) =>
  (blocks ?? [])
    .filter((b) => (b as { type: string }).type === 'actions')
    .flatMap(
      (b) =>
        (
          b as {
            elements?: Array<{
              action_id?: string;
              text?: { text: string };
              value?: string;
              confirm?: unknown;
            }>;
          }
        ).elements ?? [],
    );

describe('the reviewer’s DM', () => {
  it('offers Keep and Revoke (behind a confirmation) on the keys the reader may decide, and on their own', () => {
    const message = reviewerMessage(view);

    expect(blockKitBreaches(message.blocks, 'message')).toEqual([]);
    const buttons = buttonsOf(message.blocks).filter((b) => b.action_id !== ACTION.reviewPage);
    expect(buttons.map((b) => [b.text?.text, b.value?.split(' ')[1]])).toEqual([
      ['Keep', G.riley],
      ['Revoke', G.riley],
      ['Keep', G.alex],
      ['Revoke', G.alex],
    ]);
    expect(buttons.filter((b) => b.text?.text === 'Revoke').every((b) => b.confirm)).toBe(true);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('single-channel guest');
    expect(text).toContain('This is your key: another reviewer decides it.');
    expect(text).toContain('*Kept* by <@UBLAKE0001>');
    // The reason is shown as typed, inert: no mention, no link.
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('evil[.]example');
  });

  it('shows no buttons once the deadline has passed', () => {
    const late = reviewerMessage({ ...view, decidable: [], now: '2026-05-16T09:00:00.000Z' });

    expect(buttonsOf(late.blocks)).toEqual([]);
    expect(JSON.stringify(late.blocks)).toContain('past its deadline');
  });

  it('fits App Home’s 100 blocks with many keys, saying how many more wait', () => {
    const many = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => {
        const id = `REQ-MANYKEYS-${i + 1}`;
        return [id, entry(id, `UHOLDER${String(i).padStart(3, '0')}`)];
      }),
    );
    const big = { ...view, campaign: { ...campaign, entries: many }, decidable: Object.keys(many) };

    const blocks = reviewHomeBlocks([big], 60);

    expect(blocks.length).toBeLessThanOrEqual(60);
    expect(blockKitBreaches(blocks, 'home')).toEqual([]);
    expect(JSON.stringify(blocks.at(-1))).toMatch(/and \d+ more keys waiting for your review/);
  });

  it('lists campaigns with their counts, and sums one up for the approvers, within limits', () => {
    const list = campaignList([campaign, { ...campaign, state: 'CLOSED', closedAt: NOW }], NOW);
    const summary = reviewSummaryMessage(campaign);

    expect(blockKitBreaches(list.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(list.blocks)).toContain('kept 1 · revoked 0 · open 2 · lapsed 0');
    expect(JSON.stringify(summary.blocks)).toContain(`review report ${campaign.campaignId}`);
  });
});

describe('presentReviewDecision', () => {
  const riley = campaign.entries[G.riley] as ReviewEntry;
  const outcomes: ReviewDecisionOutcome[] = [
    { kind: 'review_refused_own_key', view, entry: riley },
    { kind: 'review_not_reviewer', view, entry: riley },
    { kind: 'review_closed', view },
    { kind: 'review_already_decided', view, entry: campaign.entries[G.kept] as ReviewEntry },
    { kind: 'review_key_gone', view, entry: { ...riley, gone: { at: NOW, why: 'deleted_outside' } } },
    { kind: 'review_kept', view, entry: { ...riley, decision: { kind: 'kept', by: 'UALEX00001', at: NOW } } },
    {
      kind: 'review_revoked',
      view,
      entry: { ...riley, decision: { kind: 'revoked', by: 'UALEX00001', at: NOW } },
      revocation: {
        deleted: [],
        surviving: [{ accessKeyId: 'AKIAFAILED0000000001', error: 'ServiceException' }],
      },
    },
  ];

  it.each(outcomes.flatMap((o) => [false, true].map((fromHome) => [o.kind, fromHome, o] as const)))(
    'renders %s (from App Home: %s): the DM page redrawn in place, or the tab, with a note; the holder told of a decision',
    (kind, fromHome, outcome) => {
      const shown = presentReviewDecision(outcome, { fromHome });

      for (const d of shown.deliveries) expect(blockKitBreaches(d.message.blocks, 'message')).toEqual([]);
      expect(shown.refreshHome).toBe(fromHome);
      expect(shown.deliveries.filter((d) => d.replaceOriginal).length).toBe(fromHome ? 0 : 1);
      const toHolder = shown.deliveries.filter((d) => d.to !== 'origin').map((d) => d.to);
      expect(toHolder).toEqual(
        kind === 'review_kept' || kind === 'review_revoked' ? [{ userId: 'URILEY0001' }] : [],
      );
    },
  );
});

describe('the review commands and buttons, as read from Slack', () => {
  it('reads review, review <bucket> and review report <id> [--format]', () => {
    expect(parseCommand('review')).toEqual({ name: 'review' });
    expect(parseCommand('review media-assets')).toEqual({ name: 'review', bucket: 'media-assets' });
    expect(parseCommand('review report rev-Media-Assets-3 --format JSONL')).toEqual({
      name: 'reviewReport',
      campaignId: 'REV-media-assets-3',
      format: 'jsonl',
    });
    expect(parseCommand('review report REV-media-assets-3')).toMatchObject({ format: 'csv' });
  });

  it.each([
    ['review Not_A_Bucket', 'not a valid Lightsail bucket name'],
    ['review media-assets extra', 'Usage'],
    ['review report', 'Usage'],
    ['review report REQ-AAAAAAAA-1', 'not a valid campaign id'],
    ['review report REV-media-assets-0', 'not a valid campaign id'],
    ['review report REV-media-assets-3 --format xml', '`--format` is `csv` or `jsonl`'],
  ])('refuses %j with a clear message', (text, said) => {
    expect(() => parseCommand(text)).toThrow(InvalidCommandError);
    expect(() => parseCommand(text)).toThrow(said);
  });

  it('reads campaign ids only in their one shape', () => {
    expect(parseCampaignId('REV-a-3-3')).toBe('REV-a-3-3');
    expect(parseCampaignId('REV--3')).toBeUndefined();
    expect(parseCampaignId('REV-media-assets-3 ')).toBeUndefined();
  });

  const click = (actionId: string, value: string, responseUrl?: string) =>
    intentOf(
      {
        type: 'block_actions',
        user: { id: 'UALEX00001' },
        actions: [{ action_id: actionId, value }],
        ...(responseUrl ? { response_url: responseUrl } : {}),
      },
      0,
    );

  it('turns Keep, Revoke and the page buttons into jobs naming only what was clicked', () => {
    const url = 'https://hooks.slack.com/actions/T/1/x';
    expect(click(ACTION.reviewKeep, `REV-media-assets-3 ${G.riley} 1`, url)).toEqual({
      kind: 'job',
      job: {
        kind: 'accessReviewDecide',
        userId: 'UALEX00001',
        campaignId: 'REV-media-assets-3',
        grantId: G.riley,
        keep: true,
        page: 1,
        responseUrl: url,
      },
    });
    expect(click(ACTION.reviewRevoke, `REV-media-assets-3 ${G.riley} 0`)).toMatchObject({
      job: { kind: 'accessReviewDecide', keep: false },
    });
    expect(click(ACTION.reviewPage, 'REV-media-assets-3 2', url)).toMatchObject({
      job: { kind: 'accessReviewPage', page: 2 },
    });
  });

  it.each([
    [ACTION.reviewKeep, 'REV-media-assets-3 not-a-grant 0'],
    [ACTION.reviewKeep, `nonsense ${G.riley} 0`],
    [ACTION.reviewRevoke, `REV-media-assets-3 ${G.riley} -1`],
    [ACTION.reviewPage, 'REV-media-assets-3 x'],
  ])('ignores %s with the malformed value %j', (actionId, value) => {
    expect(click(actionId, value, 'https://hooks.slack.com/actions/T/1/x').kind).toBe('none');
  });
});
