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
import { policyFiles } from '../support/policy-file.js';

// Three approvers, two approvals required: so two of them can race for the last one.
const POLICY = `
approvalsRequired: 2
buckets:
  media-assets:
    approvers: [${APPROVER}, ${APPROVER2}, ${AUDITOR}]
  nightly-backups:
    reasonRequired: true
    reasonMinLength: 12
`;

describe('quorum: approvalsRequired', () => {
  let h: Harness;
  const files = policyFiles();
  beforeEach(async () => {
    h = await startHarness({ BUCKET_KEY_POLICY: files.write(POLICY) }, { clock: new ManualClock() });
  });
  afterEach(async () => {
    await h.stop();
    files.cleanup();
  });

  async function pendingCard() {
    await h.command(REQUESTER, 'create media-assets quarterly report');
    await h.settle();
    const card = h.approvalCards().at(-1);
    if (!card) throw new Error('no approval card posted');
    return card;
  }
  const requests = async () => (await h.requestItems()).filter((item) => 'seq' in item);
  const auditTypes = async () =>
    (
      await h.bot.deps.audit.query({ subject: { kind: 'bucket', bucket: 'media-assets' }, pageSize: 40 })
    ).events.map((e) => e.type);

  it('counts one approval, shows the progress and keeps the buttons until the quorum is met', async () => {
    const card = await pendingCard();
    expect(textOf(card)).toContain('0 of 2 approvals');

    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();

    const [request] = await requests();
    expect(request).toMatchObject({ state: 'PENDING', approvals: [APPROVER] });
    const updated = h.approvalCards().at(-1)!;
    expect(textOf(updated)).toContain(`1 of 2 approvals: <@${APPROVER}>`);
    expect(hasButton(updated, ACTION.approve)).toBe(true);
    expect(h.dmOf(REQUESTER).some((m) => hasButton(m, ACTION.createKeyNow))).toBe(false);

    await h.click(APPROVER2, ACTION.approve, updated);
    await h.settle();

    expect((await requests())[0]).toMatchObject({ state: 'APPROVED', decidedBy: APPROVER2 });
    expect(hasButton(h.approvalCards().at(-1)!, ACTION.approve)).toBe(false);
    expect(textOf(h.approvalCards().at(-1))).toContain(`Approved by <@${APPROVER}>, <@${APPROVER2}>`);
    // The manual clock stands still, so events of one instant come in any order.
    expect((await auditTypes()).sort()).toEqual(['approval_given', 'request_approved', 'request_created']);
    expect(h.dmOf(REQUESTER).filter((m) => hasButton(m, ACTION.createKeyNow))).toHaveLength(1);
  });

  it('counts two clicks by one approver once', async () => {
    const card = await pendingCard();
    await Promise.all([h.click(APPROVER, ACTION.approve, card), h.click(APPROVER, ACTION.approve, card)]);
    await h.settle();

    expect((await requests())[0]).toMatchObject({ state: 'PENDING', approvals: [APPROVER] });
    expect((await auditTypes()).filter((t) => t === 'approval_given')).toHaveLength(1);
    const answers = h.slack.visibleTo(APPROVER, card.channel).map(textOf);
    expect(answers.filter((a) => a.includes('You already approved'))).toHaveLength(1);
  });

  it('turns two last approvals at once into one APPROVED transition and one "request approved"', async () => {
    const card = await pendingCard();
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();
    const updated = h.approvalCards().at(-1)!;

    await Promise.all([
      h.click(APPROVER2, ACTION.approve, updated),
      h.click(AUDITOR, ACTION.approve, updated),
    ]);
    await h.settle();

    const [request] = await requests();
    expect(request?.state).toBe('APPROVED');
    expect(request?.approvals).toHaveLength(2);
    const types = await auditTypes();
    expect(types.filter((t) => t === 'request_approved')).toHaveLength(1);
    expect(types.filter((t) => t === 'approval_given')).toHaveLength(1);
    expect(h.dmOf(REQUESTER).filter((m) => hasButton(m, ACTION.createKeyNow))).toHaveLength(1);
    const loser = request?.decidedBy === APPROVER2 ? AUDITOR : APPROVER2;
    expect(textOf(h.slack.visibleTo(loser, card.channel).at(-1))).toContain('already approved');
  });

  it('lets a single Deny end a request that has a partial quorum', async () => {
    const card = await pendingCard();
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();
    // As the card looked to an approver who had not reloaded it yet.
    const stale = structuredClone(h.approvalCards().at(-1)!);
    await h.click(APPROVER2, ACTION.deny, stale);
    await h.settle();

    expect((await requests())[0]?.state).toBe('DENIED');
    expect(hasButton(h.approvalCards().at(-1)!, ACTION.approve)).toBe(false);
    await h.click(AUDITOR, ACTION.approve, stale);
    await h.settle();
    expect((await requests())[0]?.state).toBe('DENIED');
    expect(textOf(h.slack.visibleTo(AUDITOR, card.channel).at(-1))).toContain('already denied');
  });

  it('explains to a create before the quorum is met what is still missing', async () => {
    const card = await pendingCard();
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();

    await h.command(REQUESTER, 'create media-assets still waiting');
    await h.settle();

    const answer = textOf(h.lastAnswerTo(REQUESTER));
    expect(answer).toContain(`1 of 2 approvals: <@${APPROVER}>`);
    expect(answer).toContain('1 more needed');
    expect(await requests()).toHaveLength(1);
  });
});

describe('required reasons: reasonRequired and reasonMinLength', () => {
  let h: Harness;
  const files = policyFiles();
  beforeEach(async () => {
    h = await startHarness({ BUCKET_KEY_POLICY: files.write(POLICY) });
  });
  afterEach(async () => {
    await h.stop();
    files.cleanup();
  });

  it.each([
    ['create nightly-backups', 'requires a reason (reasonRequired)'],
    ['create nightly-backups restore', 'at least 12 characters (reasonMinLength); yours has 7'],
  ])('answers %j with a usage message naming the rule, and records nothing', async (text, rule) => {
    await h.command(REQUESTER, text);
    await h.settle();

    const answer = textOf(h.lastAnswerTo(REQUESTER));
    expect(answer).toContain(rule);
    expect(answer).toContain('/bucket-key create <bucket> [reason]');
    expect(await h.allItems()).toEqual([]);
    expect(h.approvalCards()).toEqual([]);
  });

  it('accepts an adequate reason', async () => {
    await h.command(REQUESTER, 'create nightly-backups restore drill for Q3');
    await h.settle();
    expect(h.approvalCards()).toHaveLength(1);
  });
});
