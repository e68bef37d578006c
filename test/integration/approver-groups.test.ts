import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logApproverGroups } from '../../src/services/request/approvers.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { captureLogger, type Harness, REQUESTER, startHarness, textOf } from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

describe('approvers named by a Slack user group', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ APPROVER_IDS: 'S0APPROVERS' });
    h.slack.workspace.users.UGROUPMEMB = { name: 'gale', realName: 'Gale Groupmember' };
    h.slack.workspace.groups.S0APPROVERS = ['UGROUPMEMB'];
  });
  afterEach(async () => {
    await h.stop();
  });

  it('expands the group with usergroups.users.list and lets its members decide, and only them', async () => {
    await h.command(REQUESTER, 'create media-assets group approval');
    await h.settle();
    const card = h.approvalCards().at(-1)!;
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('<!subteam^S0APPROVERS>');

    await h.click('UAPPROVER1', ACTION.approve, card); // an approver by name elsewhere, not in this group
    await h.settle();
    expect((await h.requestItems()).find((i) => 'seq' in i)?.state).toBe('PENDING');

    await h.click('UGROUPMEMB', ACTION.approve, card);
    await h.settle();
    expect((await h.requestItems()).find((i) => 'seq' in i)?.state).toBe('APPROVED');
    expect(h.slack.calls.filter((c) => c.method === 'usergroups.users.list').length).toBeGreaterThan(0);
  });

  it('records how each decider qualified: the group that made them an approver, or their own id', async () => {
    await h.command(REQUESTER, 'create media-assets group approval');
    await h.settle();
    await h.click('UGROUPMEMB', ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();

    const audit = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'media-assets' },
      pageSize: 10,
    });
    expect(audit.events.find((e) => e.type === 'request_approved')).toMatchObject({
      actorId: 'UGROUPMEMB',
      via: 'S0APPROVERS',
    });
    await h.command('UGROUPMEMB', 'audit media-assets');
    await h.settle();
    expect(textOf(h.lastAnswerTo('UGROUPMEMB'))).toContain('as a member of <!subteam^S0APPROVERS>');
  });

  it('logs at start how many people each approver group expands to', async () => {
    const lines: string[] = [];
    await logApproverGroups({ ...h.bot.deps, logger: captureLogger(lines) });

    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ message: 'approver group expanded', group: 'S0APPROVERS', members: 1 }),
    );
  });
});

describe('group membership for decisions', () => {
  it('is read again after 30 seconds: a member removed from the group can no longer approve or read the log', async () => {
    const clock = new ManualClock(Date.parse('2026-11-01T09:00:00Z'));
    const h = await startHarness({ APPROVER_IDS: 'S0APPROVERS' }, { clock });
    try {
      h.slack.workspace.users.UGROUPMEMB = { name: 'gale', realName: 'Gale Groupmember' };
      h.slack.workspace.groups.S0APPROVERS = ['UGROUPMEMB'];
      await h.command('UGROUPMEMB', 'audit media-assets');
      await h.settle();
      expect(textOf(h.lastAnswerTo('UGROUPMEMB'))).not.toContain('Only approvers and auditors');
      await h.command(REQUESTER, 'create media-assets after a group change');
      await h.settle();

      h.slack.workspace.groups.S0APPROVERS = [];
      clock.advance(30_001);
      await h.click('UGROUPMEMB', ACTION.approve, h.approvalCards().at(-1)!);
      await h.settle();
      await h.command('UGROUPMEMB', 'audit media-assets');
      await h.settle();

      expect((await h.requestItems())[0]?.state).toBe('PENDING');
      expect(textOf(h.lastAnswerTo('UGROUPMEMB'))).toContain('Only approvers and auditors');
      const refused = (await h.allItems()).filter(
        (i) => i.actorId === 'UGROUPMEMB' && i.outcome === 'refused',
      );
      expect(refused.map((i) => i.type).sort()).toEqual(['refused_not_approver', 'refused_not_auditor']);
    } finally {
      await h.stop();
    }
  });
});

describe('approvers named by their own user id', () => {
  it('records their own id as how they qualified', async () => {
    const h = await startHarness();
    try {
      await h.command(REQUESTER, 'create media-assets direct approval');
      await h.settle();
      await h.click('UAPPROVER1', ACTION.approve, h.approvalCards().at(-1)!);
      await h.settle();

      const audit = await h.bot.deps.audit.query({
        subject: { kind: 'bucket', bucket: 'media-assets' },
        pageSize: 10,
      });
      expect(audit.events.find((e) => e.type === 'request_approved')?.via).toBe('UAPPROVER1');
    } finally {
      await h.stop();
    }
  });
});
