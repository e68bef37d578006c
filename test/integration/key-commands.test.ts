import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVER,
  AUDITOR,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';

describe('list, revoke, status and App Home', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ KEY_MAX_AGE: '30d' });
  });
  afterEach(async () => {
    await h.stop();
  });

  async function issuedKey(bucket = 'media-assets'): Promise<string> {
    await h.command(REQUESTER, `create ${bucket} reporting`);
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    await h.command(REQUESTER, `create ${bucket}`);
    await h.settle();
    const keys = h.lightsail.state.buckets.get(bucket)!.keys;
    return keys.at(-1)!.accessKeyId;
  }

  it('lists keys joined with the bot’s records, marking keys it did not issue', async () => {
    const foreign = h.lightsail.state.addKey('media-assets', {
      lastUsedDate: new Date('2026-11-01T00:00:00Z'),
      lastUsedRegion: 'us-east-1',
      lastUsedService: 's3',
    });
    const ours = await issuedKey();
    await h.command(AUDITOR, 'list media-assets');
    await h.settle();

    const answer = textOf(h.lastAnswerTo(AUDITOR));
    expect(answer).toContain(ours);
    expect(answer).toContain(`issued to <@${REQUESTER}>`);
    expect(answer).toContain(`approved by <@${APPROVER}>`);
    expect(answer).toContain('expires');
    expect(answer).toContain(foreign.accessKeyId);
    expect(answer).toContain('not issued by bucket-key');
    expect(answer).toContain('(s3)');
  });

  it('asks before revoking, lets the owner revoke, and records it', async () => {
    const key = await issuedKey();
    const ack = await h.command(REQUESTER, `revoke media-assets ${key}`);
    expect(textOf(ack.json as never)).toContain('Revoke key');
    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(1);
    const confirmation = h.slack.visibleTo(REQUESTER).at(-1)!;
    expect(hasButton(confirmation, ACTION.revokeConfirm)).toBe(true);

    await h.click(REQUESTER, ACTION.revokeConfirm, confirmation);
    await h.settle();

    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(0);
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('revoked and deleted');
    const record = (await h.requestItems()).find((item) => item.accessKeyId === key && 'seq' in item);
    expect(record).toMatchObject({ state: 'REVOKED', revokedBy: REQUESTER });
  });

  it('cancels a revoke without touching anything', async () => {
    const key = await issuedKey();
    await h.command(REQUESTER, `revoke media-assets ${key}`);
    await h.click(REQUESTER, ACTION.revokeCancel, h.slack.visibleTo(REQUESTER).at(-1)!);
    await h.settle();
    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(1);
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('Nothing was revoked');
  });

  it('refuses a revoke by a stranger and audits it; an approver may revoke and the owner is told', async () => {
    const key = await issuedKey();
    await h.command(AUDITOR, `revoke media-assets ${key}`);
    await h.click(AUDITOR, ACTION.revokeConfirm, h.slack.visibleTo(AUDITOR).at(-1)!);
    await h.settle();
    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(1);
    expect(textOf(h.lastAnswerTo(AUDITOR))).toContain('Only the person a key was issued to');

    await h.command(APPROVER, `revoke media-assets ${key}`);
    await h.click(APPROVER, ACTION.revokeConfirm, h.slack.visibleTo(APPROVER).at(-1)!);
    await h.settle();
    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(0);
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain(`<@${APPROVER}> revoked your access`);

    const audit = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'media-assets' },
      pageSize: 20,
    });
    expect(audit.events.filter((e) => e.type === 'refused_revoke').map((e) => e.actorId)).toEqual([AUDITOR]);
    // An approver's revoke covers the key's whole grant, and says which keys it deleted.
    expect(audit.events.find((e) => e.type === 'grant_revoked')).toMatchObject({
      actorId: APPROVER,
      subjectUserId: REQUESTER,
      accessKeyId: key,
      outcome: 'ok',
    });
  });

  it('still knows who holds a key after a hundred newer requests on its bucket', async () => {
    const key = await issuedKey();
    const now = new Date().toISOString();
    for (let i = 0; i < 105; i++) {
      await h.bot.deps.requests.create({
        requestId: `REQ-OLDERAAA-${i + 1}`,
        seq: i + 1,
        requesterId: `UFILLER${String(i).padStart(3, '0')}`,
        bucket: 'media-assets',
        region: 'us-east-1',
        reason: 'filler',
        state: 'DENIED',
        createdAt: now,
      });
    }
    await h.command(AUDITOR, 'list media-assets');
    await h.settle();
    expect(textOf(h.lastAnswerTo(AUDITOR))).toContain(`issued to <@${REQUESTER}>`);
    await h.command(REQUESTER, `revoke media-assets ${key}`);
    await h.click(REQUESTER, ACTION.revokeConfirm, h.slack.visibleTo(REQUESTER).at(-1)!);
    await h.settle();
    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(0);
  });

  it('shows the caller’s own requests and keys in status', async () => {
    const key = await issuedKey();
    await h.command(REQUESTER, 'create nightly-backups restore drill');
    await h.settle();
    await h.command(REQUESTER, 'status');
    await h.settle();

    const answer = textOf(h.lastAnswerTo(REQUESTER));
    expect(answer).toContain(key);
    expect(answer).toContain('waiting for approval');
    await h.command(AUDITOR, 'status');
    await h.settle();
    expect(textOf(h.lastAnswerTo(AUDITOR))).toContain('No requests yet');
  });

  it('publishes App Home with pending requests for approvers, who can decide there', async () => {
    await h.command(REQUESTER, 'create media-assets from home');
    await h.settle();
    await h.event({
      type: 'app_home_opened',
      user: APPROVER,
      channel: 'DAPPROVER1',
      tab: 'home',
      event_ts: '1.0',
    });
    await h.settle();
    const home = JSON.stringify(h.slack.homeViews.get(APPROVER));
    expect(home).toContain('Waiting for your decision* (1)');
    expect(home).toContain(ACTION.approve);
    const requestId = /REQ-[A-Z2-7]{8}-\d+/.exec(home)?.[0] ?? '';

    await h.clickInHome(APPROVER, ACTION.approve, requestId);
    await h.settle();
    expect((await h.allItems()).find((item) => item.requestId === requestId)?.state).toBe('APPROVED');
    expect(JSON.stringify(h.slack.homeViews.get(APPROVER))).toContain('Waiting for your decision* (0)');

    await h.event({
      type: 'app_home_opened',
      user: REQUESTER,
      channel: 'DREQUESTER',
      tab: 'home',
      event_ts: '2.0',
    });
    await h.settle();
    const own = JSON.stringify(h.slack.homeViews.get(REQUESTER));
    expect(own).toContain(requestId);
    expect(own).not.toContain('Waiting for your decision');
  });
});
