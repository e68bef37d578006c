import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/messages/ids.js';
import { APPROVER, AUDITOR, type Harness, REQUESTER, startHarness, textOf } from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';
import { policyFiles } from '../support/policy-file.js';

const HOUR = 3_600_000;
const POLICY = `
reminders: { after: 1h, times: 2, escalateTo: [${AUDITOR}] }
`;

describe('reminders and escalation', () => {
  let h: Harness;
  let clock: ManualClock;
  const files = policyFiles();
  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ BUCKET_KEY_POLICY: files.write(POLICY), PENDING_TTL: '24h' }, { clock });
  });
  afterEach(async () => {
    await h.stop();
    files.cleanup();
  });

  /** Two sweeps at once, as two overlapping scheduled runs would be. */
  async function racingSweeps() {
    const reports = await Promise.all([h.sweep(), h.sweep()]);
    return reports.reduce((sum, r) => sum + r.reminders, 0);
  }

  it('replies in the card thread after 1h, then 2h later, once each, then escalates', async () => {
    await h.command(REQUESTER, 'create media-assets weekly export');
    await h.settle();
    const card = h.approvalCards()[0]!;

    clock.advance(HOUR - 1000);
    expect(await racingSweeps()).toBe(0);
    clock.advance(1000);
    expect(await racingSweeps()).toBe(1);
    expect(h.threadOf(card)).toHaveLength(1);
    expect(textOf(h.threadOf(card)[0])).toContain('Reminder 1 of 2');

    // Not escalated yet: the escalateTo person is no approver.
    await h.click(AUDITOR, ACTION.approve, card);
    await h.settle();
    expect(textOf(h.slack.visibleTo(AUDITOR, card.channel).at(-1))).toContain('not an approver');

    clock.advance(2 * HOUR - 1000); // 3h after creation, less a second
    expect(await racingSweeps()).toBe(0);
    clock.advance(1000);
    expect(await racingSweeps()).toBe(1);
    const last = h.threadOf(card).at(-1);
    expect(textOf(last)).toContain('Reminder 2 of 2');
    expect(textOf(last)).toContain(`Escalated to <@${AUDITOR}>`);

    clock.advance(10 * HOUR);
    expect(await racingSweeps()).toBe(0);
    expect(h.threadOf(card)).toHaveLength(2);

    await h.click(AUDITOR, ACTION.approve, card);
    await h.settle();
    const request = (await h.requestItems()).find((item) => 'seq' in item);
    expect(request).toMatchObject({ state: 'APPROVED', decidedBy: AUDITOR });
    const audit = await h.bot.deps.audit.query({
      subject: { kind: 'request', requestId: String(request?.requestId) },
      pageSize: 20,
    });
    expect(audit.events.filter((e) => e.type === 'reminder_sent')).toHaveLength(2);
    expect(audit.events.find((e) => e.type === 'request_approved')?.via).toBe(AUDITOR);
  });

  it('stops reminding once the request is decided', async () => {
    await h.command(REQUESTER, 'create media-assets weekly export');
    await h.settle();
    const card = h.approvalCards()[0]!;
    await h.click(APPROVER, ACTION.deny, card);
    await h.settle();

    clock.advance(5 * HOUR);
    expect(await racingSweeps()).toBe(0);
    expect(h.threadOf(card)).toEqual([]);
  });
});
