import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../src/domain/access-request.js';
import { requestIdFor } from '../../src/domain/request-id.js';
import type { StoredMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';

/** Exactly 300 characters (the most a reason may hold), with everything mrkdwn would act on. */
const HOSTILE_REASON =
  'urgent \u202Edeen I *bold* _italic_ ~strike~ `code` log in at https://evil.example/login '.padEnd(
    300,
    'x',
  );

/** Text objects that carry the words of the hostile reason. */
function reasonTexts(blocks: unknown): Array<{ type: string; text: string }> {
  const found: Array<{ type: string; text: string }> = [];
  JSON.stringify(blocks, (_key, value) => {
    if (value && typeof value === 'object' && typeof value.text === 'string' && value.text.includes('italic'))
      found.push(value);
    return value;
  });
  return found;
}

function expectInert(blocks: unknown) {
  const texts = reasonTexts(blocks);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    expect(text.type).toBe('plain_text');
    expect(text.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(text.text).not.toContain('evil.example');
    expect(text.text).toContain('https[:]//evil[.]example/login');
  }
}

// Every test here ends in the harness's stop(), which fails it if Slack refused any payload.
describe('what reaches Slack stays within Block Kit’s limits, end to end', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  async function openHome(userId: string) {
    await h.event({ type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1.0' });
    await h.settle();
    return h.slack.homeViews.get(userId)?.blocks ?? [];
  }

  it('posts a 300-character reason inert on the approval card, App Home and the audit log', async () => {
    expect(HOSTILE_REASON).toHaveLength(300);
    await h.command(REQUESTER, `create media-assets ${HOSTILE_REASON}`);
    await h.settle();

    const card = h.approvalCards().at(-1);
    expect(card && hasButton(card, ACTION.approve)).toBe(true);
    expectInert(card?.blocks);
    expectInert(await openHome(APPROVER));

    await h.command(APPROVER, 'audit media-assets');
    await h.settle();
    expectInert(h.lastAnswerTo(APPROVER)?.blocks);
    expect(h.slack.blockKitBreaches).toEqual([]);
  });

  it('shows an approver 120 pending requests on App Home: whole cards, the rest counted, decidable there', async () => {
    const now = Date.now();
    for (let i = 0; i < 120; i++) {
      const bucket = `pending-${String(i).padStart(3, '0')}`;
      const request: AccessRequest = {
        requestId: requestIdFor(REQUESTER, bucket, 1),
        seq: 1,
        requesterId: REQUESTER,
        bucket,
        region: 'us-east-1',
        reason: HOSTILE_REASON,
        state: 'PENDING',
        createdAt: new Date(now).toISOString(),
        dueAt: new Date(now + 3_600_000 + i * 1000).toISOString(),
      };
      await h.bot.deps.requests.create(request);
    }

    const home = await openHome(APPROVER);
    expect(h.slack.blockKitBreaches).toEqual([]);
    const text = JSON.stringify(home);
    expect(text).toContain('Waiting for your decision* (120)');
    const shown = [...new Set(text.match(/REQ-[A-Z2-7]{8}-1/g) ?? [])];
    expect(shown.length).toBeGreaterThan(0);
    expect(text).toContain(`…and ${120 - shown.length} more waiting for your decision`);
    expect(text).toContain(`<#${APPROVAL_CHANNEL}>`);
    expectInert(home);

    await h.clickInHome(APPROVER, ACTION.approve, shown[0] ?? '');
    await h.settle();
    expect((await h.bot.deps.requests.get(shown[0] ?? ''))?.state).toBe('APPROVED');
    expect(JSON.stringify(h.slack.homeViews.get(APPROVER))).toContain('Waiting for your decision* (119)');
  });

  it('pages 45 audit events with long details, 40 to a page, and the More button leads on', async () => {
    for (let i = 0; i < 45; i++) {
      await h.bot.deps.audit.append({
        type: 'key_issue_failed',
        outcome: 'failed',
        actorId: REQUESTER,
        bucket: 'media-assets',
        region: 'us-east-1',
        requestId: requestIdFor(REQUESTER, 'media-assets', i + 1),
        accessKeyId: `AKIA${String(i).padStart(16, '0')}`,
        detail: `${i} ${'long detail '.repeat(300)}`,
      });
    }
    await h.command(APPROVER, 'audit media-assets --limit 40');
    await h.settle();
    const first = h.lastAnswerTo(APPROVER) as StoredMessage;
    expect(first.blocks).toHaveLength(42);
    expect(hasButton(first, ACTION.auditMore)).toBe(true);
    expect(textOf(first)).toContain('more characters');

    await h.click(APPROVER, ACTION.auditMore, first);
    await h.settle();
    const second = h.lastAnswerTo(APPROVER);
    expect(textOf(second)).toContain('End of the log');
    expect(second?.blocks).toHaveLength(1 + 5 + 1);
    expect(h.slack.blockKitBreaches).toEqual([]);
  });
});
