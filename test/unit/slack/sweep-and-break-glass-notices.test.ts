import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import type { Messenger } from '../../../src/ports/messenger.js';
import { blockKitBreaches, type Surface } from '../../../src/sandbox/slack/block-kit-limits.js';
import { slackNotifier } from '../../../src/slack/notifier/slack-notifier.js';
import { FakeMessenger, RecordingLogger } from '../../support/fakes.js';

const CHANNEL = 'CAPPROVALS';
const CARD = { channel: CHANNEL, ts: '1690000000.000001' };
const KEY = `AKIA${'Z'.repeat(124)}`;
// The longest a bucket name, request id and reason may be.
const request: AccessRequest = {
  requestId: 'REQ-AAAAAAAA-999999',
  seq: 999_999,
  requesterId: 'UHOLDER001',
  bucket: `a${'b'.repeat(61)}c`,
  region: 'ap-southeast-2',
  reason: 'x'.repeat(300),
  state: 'ISSUED',
  accessKeyId: KEY,
  replacedBy: KEY,
  issuedAt: '2026-11-01T10:00:00.000Z',
  keyExpiresAt: '2026-11-04T10:00:00.000Z',
  createdAt: '2026-11-01T09:00:00.000Z',
  approvalMessage: CARD,
  breakGlass: true,
};

function notifier() {
  const messenger = new FakeMessenger();
  const logger = new RecordingLogger();
  return { messenger, logger, notices: slackNotifier({ messenger, approvalChannelId: CHANNEL, logger }) };
}
type Notices = ReturnType<typeof notifier>['notices'];

interface Case {
  name: string;
  give: (n: Notices) => Promise<unknown>;
  /** The Slack call it makes, and to whom. */
  method: keyof Messenger;
  to: string;
  /** What a Slack failure does: logged (and swallowed), or thrown to the caller. */
  onFailure: 'logged' | 'thrown';
  surface?: Surface;
}

const cases: Case[] = [
  {
    name: 'requestExpired',
    give: (n) => n.requestExpired(request),
    method: 'directMessage',
    to: 'UHOLDER001',
    onFailure: 'logged',
  },
  {
    name: 'keyExpired',
    give: (n) => n.keyExpired(request, KEY),
    method: 'directMessage',
    to: 'UHOLDER001',
    onFailure: 'logged',
  },
  {
    name: 'bucketDelisted',
    give: (n) =>
      n.bucketDelisted(
        request.bucket,
        request.region,
        Array.from({ length: 10 }, () => ({
          accessKeyId: KEY,
          holderId: 'UHOLDER001',
          expiresAt: '2026-11-04T10:00:00.000Z',
        })),
      ),
    method: 'post',
    to: CHANNEL,
    onFailure: 'thrown',
  },
  {
    name: 'keyExpiryWarning',
    give: (n) => n.keyExpiryWarning(request),
    method: 'directMessage',
    to: 'UHOLDER001',
    onFailure: 'thrown',
  },
  {
    name: 'keyIdleWarning',
    give: (n) =>
      n.keyIdleWarning(request, { since: '2026-11-01T10:00:00.000Z', deleteAt: '2026-11-03T10:00:00.000Z' }),
    method: 'directMessage',
    to: 'UHOLDER001',
    onFailure: 'thrown',
  },
  {
    name: 'idleKeyDeleted',
    give: (n) => n.idleKeyDeleted(request, 30 * 86_400_000),
    method: 'directMessage',
    to: 'UHOLDER001',
    onFailure: 'thrown',
  },
  {
    name: 'approvalReminder',
    give: (n) =>
      n.approvalReminder(request, CARD, {
        n: 3,
        times: 3,
        approvers: ['UAPPROVER1', 'SGROUP0001'],
        escalateTo: ['UBOSS00001'],
      }),
    method: 'postInThread',
    to: CHANNEL,
    onFailure: 'thrown',
  },
  {
    name: 'oldKeyRetired',
    give: (n) => n.oldKeyRetired(request, `the application moved to ${KEY}`),
    method: 'directMessage',
    to: 'UHOLDER001',
    onFailure: 'logged',
  },
  {
    name: 'breakGlassAlert',
    give: (n) => n.breakGlassAlert(request, { repost: true, keys: [KEY, KEY, KEY] }),
    method: 'post',
    to: CHANNEL,
    onFailure: 'thrown',
  },
  {
    name: 'breakGlassRevokeUnfinished',
    give: (n) =>
      n.breakGlassRevokeUnfinished(request, [{ accessKeyId: KEY, error: 'ServiceUnavailableException' }]),
    method: 'update',
    to: CHANNEL,
    onFailure: 'logged',
  },
  {
    name: 'breakGlassReviewed',
    give: (n) =>
      n.breakGlassReviewed(request, { reviewedBy: 'UAPPROVER1', reviewedAt: '2026-11-01T11:00:00.000Z' }, [
        KEY,
        KEY,
      ]),
    method: 'update',
    to: CHANNEL,
    onFailure: 'logged',
  },
  {
    name: 'homeReady',
    give: (n) =>
      n.homeReady('UHOLDER001', {
        own: [request],
        toDecide: { requests: Array.from({ length: 30 }, () => request), complete: false },
        lastUsed: new Map(),
      }),
    method: 'publishHome',
    to: 'UHOLDER001',
    onFailure: 'thrown',
    surface: 'home',
  },
];

describe('the sweep, break-glass and home notices, in Slack', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: one call, to the right place, within Block Kit limits',
    async (_name, c) => {
      const { messenger, notices } = notifier();

      await c.give(notices);

      expect(messenger.calls.map((call) => [call.method, call.to])).toEqual([[c.method, c.to]]);
      expect(blockKitBreaches(messenger.calls[0]?.message?.blocks, c.surface ?? 'message')).toEqual([]);
    },
  );

  it.each(cases.map((c) => [c.name, c.onFailure, c] as const))(
    '%s: a Slack failure is %s',
    async (_name, onFailure, c) => {
      const { messenger, logger, notices } = notifier();
      messenger.failNext(c.method, 'ratelimited');

      const given = c.give(notices);

      if (onFailure === 'thrown') await expect(given).rejects.toThrow('ratelimited');
      else {
        await expect(given).resolves.toBeUndefined();
        expect(logger.messages('warn')).toHaveLength(1);
      }
    },
  );

  it('updates no alert that was never posted', async () => {
    const { messenger, notices } = notifier();
    const { approvalMessage: _never, ...unposted } = request;

    await notices.breakGlassReviewed(unposted, { reviewedBy: 'UAPPROVER1' });
    await notices.breakGlassRevokeUnfinished(unposted, [{ accessKeyId: KEY, error: 'x' }]);

    expect(messenger.attempts).toEqual([]);
  });

  it('returns where the alert was posted, for the review buttons to update', async () => {
    const { messenger, notices } = notifier();

    const ref = await notices.breakGlassAlert(request);

    expect(messenger.callsOf('post')).toHaveLength(1);
    expect(ref).toEqual({ channel: CHANNEL, ts: expect.any(String) });
  });

  it('splits unknown keys over posts within Block Kit limits, each sent only when asked, naming its keys', async () => {
    const { messenger, notices } = notifier();
    // Lightsail's key ids are 20 characters; the bucket name is the longest allowed.
    const keys = Array.from({ length: 85 }, (_, i) => ({
      bucket: request.bucket,
      accessKeyId: `AKIAUNKNOWN${String(i).padStart(9, '0')}`,
    }));

    const posts = notices.unknownKeysFound(keys);
    expect(posts.length).toBeGreaterThan(1);
    expect(messenger.calls).toEqual([]);
    for (const post of posts) await post.post();

    expect(posts.flatMap((p) => p.keys)).toEqual(keys);
    expect(messenger.callsOf('post').map((c) => c.to)).toEqual(posts.map(() => CHANNEL));
    for (const call of messenger.calls) expect(blockKitBreaches(call.message?.blocks, 'message')).toEqual([]);
    messenger.failNext('post', 'ratelimited');
    await expect(posts[0]?.post()).rejects.toThrow('ratelimited');
  });
});
