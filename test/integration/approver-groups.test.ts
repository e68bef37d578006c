import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/messages/ids.js';
import { type Harness, REQUESTER, startHarness, textOf } from '../support/harness.js';

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
    expect((await h.allItems()).find((i) => 'seq' in i)?.state).toBe('PENDING');

    await h.click('UGROUPMEMB', ACTION.approve, card);
    await h.settle();
    expect((await h.allItems()).find((i) => 'seq' in i)?.state).toBe('APPROVED');
    expect(h.slack.calls.filter((c) => c.method === 'usergroups.users.list').length).toBeGreaterThan(0);
  });
});
