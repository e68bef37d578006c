import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVER,
  APPROVER2,
  AUDITOR,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

describe('who may decide, and when', () => {
  let h: Harness;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ PENDING_TTL: '1h', APPROVAL_TTL: '2h' }, { clock });
  });
  afterEach(async () => {
    await h.stop();
  });

  async function pendingCard(requester = REQUESTER) {
    await h.command(requester, 'create media-assets quarterly report');
    await h.settle();
    const card = h.approvalCards().at(-1);
    if (!card) throw new Error('no approval card posted');
    return card;
  }

  async function requestState() {
    const items = await h.requestItems();
    return items.filter((item) => 'seq' in item).map((item) => item.state);
  }

  it('refuses a non-approver click, changes nothing, and audits the refusal', async () => {
    const card = await pendingCard();
    await h.click(AUDITOR, ACTION.approve, card);
    await h.settle();

    expect(await requestState()).toEqual(['PENDING']);
    expect(hasButton(h.approvalCards().at(-1)!, ACTION.approve)).toBe(true);
    expect(textOf(h.slack.visibleTo(AUDITOR, card.channel).at(-1))).toContain('not an approver');
    const audit = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'media-assets' },
      pageSize: 10,
    });
    expect(audit.events.map((e) => e.type)).toContain('refused_not_approver');
  });

  it('refuses self-approval even from an approver', async () => {
    const card = await pendingCard(APPROVER);
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();

    expect(await requestState()).toEqual(['PENDING']);
    expect(textOf(h.slack.visibleTo(APPROVER, card.channel).at(-1))).toContain(
      'cannot decide your own request',
    );
  });

  it('records a denial, tells the requester without a button, and removes the buttons', async () => {
    const card = await pendingCard();
    await h.click(APPROVER2, ACTION.deny, card);
    await h.settle();

    expect(await requestState()).toEqual(['DENIED']);
    const dm = h.dmOf(REQUESTER).at(-1);
    expect(textOf(dm)).toContain('denied your request');
    expect(dm && hasButton(dm, ACTION.createKeyNow)).toBe(false);
    expect(textOf(h.approvalCards().at(-1))).toContain('Denied by');
    expect(hasButton(h.approvalCards().at(-1)!, ACTION.deny)).toBe(false);
  });

  it('turns 20 concurrent Approve clicks into one decision; the losers learn who decided', async () => {
    const card = await pendingCard();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.click(i % 2 ? APPROVER : APPROVER2, ACTION.approve, card)),
    );
    await h.settle();

    expect(await requestState()).toEqual(['APPROVED']);
    const audit = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'media-assets' },
      pageSize: 50,
    });
    expect(audit.events.filter((e) => e.type === 'request_approved')).toHaveLength(1);
    const told = h.slack.messages.filter(
      (m) => m.via === 'response_url' && textOf(m).includes('already approved'),
    );
    expect(told).toHaveLength(19);
    expect(h.dmOf(REQUESTER).filter((m) => hasButton(m, ACTION.createKeyNow))).toHaveLength(1);
  });

  it('says so when a second create arrives while one is pending, and creates nothing', async () => {
    await pendingCard();
    await h.command(REQUESTER, 'create media-assets again please');
    await h.settle();

    expect(await requestState()).toEqual(['PENDING']);
    expect(h.approvalCards()).toHaveLength(1);
    expect(textOf(h.slack.visibleTo(REQUESTER).at(-1))).toContain('already have request');
  });

  it('lets 10 concurrent creates by one person record one request', async () => {
    await Promise.all(
      Array.from({ length: 10 }, () => h.command(REQUESTER, 'create nightly-backups restore test')),
    );
    await h.settle();

    expect(await requestState()).toEqual(['PENDING']);
    expect(h.approvalCards()).toHaveLength(1);
  });

  it('cannot approve a pending request once it has expired', async () => {
    const card = await pendingCard();
    clock.advance(61 * 60_000);
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();

    expect(await requestState()).toEqual(['PENDING']);
    expect(textOf(h.slack.visibleTo(APPROVER, card.channel).at(-1))).toContain('expired');
  });

  it('will not issue on an approval that has run out', async () => {
    const card = await pendingCard();
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();
    clock.advance(2 * 60 * 60_000 + 1000);
    const dm = h.dmOf(REQUESTER).find((m) => hasButton(m, ACTION.createKeyNow))!;
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(0);
    expect(await requestState()).toEqual(['APPROVED']);
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('has expired');
  });
});
