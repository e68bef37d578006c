import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import { grantFromApproval } from '../../../src/domain/grant.js';
import { announceBreakGlass, DAY_MS } from '../../../src/services/break-glass/announce-break-glass.js';
import { publishHome } from '../../../src/services/home/publish-home.js';
import { sweep } from '../../../src/services/sweep/sweep.js';
import {
  FAKE_APPROVER,
  FAKE_CHANNEL,
  FAKE_REGION,
  type FakeDependencies,
  fakeDependencies,
  policyOf,
} from '../../support/fakes.js';
import { argsOf, recordNotices } from '../../support/notices.js';
import { BUCKET, REQUESTER, seeded } from '../../support/request-fixtures.js';

const HOUR = 3_600_000;
const KEY = 'AKIAHELD000000000001';
/** A post from before this test; the fake messenger numbers its own from 1700000000.000001. */
const CARD = { channel: FAKE_CHANNEL, ts: '1690000000.000001' };

const at = (deps: FakeDependencies, ms: number) => new Date(deps.clock.now().getTime() + ms).toISOString();

/** An issued key on the bucket, issued ten days ago. */
function issuedKey(deps: FakeDependencies, overrides: Partial<AccessRequest> = {}): AccessRequest {
  deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: KEY }]);
  return seeded(deps, 'ISSUED', { accessKeyId: KEY, issuedAt: at(deps, -240 * HOUR), ...overrides });
}

describe('sweep: the holder warned before expiry', () => {
  it('warns once, and audits it', async () => {
    const deps = fakeDependencies();
    const expires = at(deps, 48 * HOUR);
    const request = issuedKey(deps, { keyExpiresAt: expires, dueAt: expires });
    const notices = recordNotices(deps);

    const reports = [await sweep(deps), await sweep(deps)];

    expect(reports.map((r) => r.expiryWarnings)).toEqual([1, 0]);
    expect(argsOf(notices, 'keyExpiryWarning')).toEqual([[request]]);
    expect(deps.messenger.callsOf('directMessage').map((c) => c.to)).toEqual([REQUESTER]);
    expect(deps.audit.types()).toContain('key_expiry_warned');
  });

  it('does not warn again when the DM failed: it was marked sent first, and the failure is logged', async () => {
    const deps = fakeDependencies();
    const expires = at(deps, 48 * HOUR);
    issuedKey(deps, { keyExpiresAt: expires, dueAt: expires });
    deps.messenger.failNext('directMessage', 'user_not_found');
    const notices = recordNotices(deps);

    await sweep(deps);
    await sweep(deps);

    expect(argsOf(notices, 'keyExpiryWarning')).toHaveLength(1);
    expect(deps.logger.messages('error')).toContain('could not send a key lifecycle DM');
    expect(deps.audit.types()).toContain('key_expiry_warned');
  });
});

describe('sweep: idle keys', () => {
  it('warns the holder with the deadline, then deletes the key and tells them', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { idleMaxMs: 100 * HOUR }) });
    const request = issuedKey(deps);
    const notices = recordNotices(deps);
    // Idle since its issue 240 h ago: warned at once, deleted after the lead (half of 100 h).
    const deleteAt = at(deps, 50 * HOUR);

    await sweep(deps);
    deps.clock.advance(100 * HOUR);
    await sweep(deps);

    const [[warned, idle]] = argsOf(notices, 'keyIdleWarning') as [[AccessRequest, unknown]];
    expect(warned.requestId).toBe(request.requestId);
    expect(idle).toEqual({ since: request.issuedAt, deleteAt });
    expect(argsOf(notices, 'idleKeyDeleted').map(([r, ms]) => [(r as AccessRequest).requestId, ms])).toEqual([
      [request.requestId, 100 * HOUR],
    ]);
    expect(deps.keys.keyIds(BUCKET)).toEqual([]);
  });
});

describe('sweep: reminders on pending cards', () => {
  const policy = () =>
    policyOf({ buckets: { [BUCKET]: { reminders: { after: '1h', times: 2, escalateTo: ['UESCALATE1'] } } } });

  it('reminds in the card’s thread, naming who is asked', async () => {
    const deps = fakeDependencies({ policy: policy() });
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });
    const notices = recordNotices(deps);

    expect((await sweep(deps)).reminders).toBe(1);

    expect(argsOf(notices, 'approvalReminder')).toEqual([
      [request, CARD, { n: 1, times: 2, approvers: [FAKE_APPROVER], escalateTo: ['UESCALATE1'] }],
    ]);
    expect(deps.messenger.callsOf('postInThread').map((c) => c.thread)).toEqual([CARD]);
  });

  it('gives a reminder that could not be posted back, so the next sweep sends it', async () => {
    const deps = fakeDependencies({ policy: policy() });
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });
    deps.messenger.failNext('postInThread', 'message_not_found');

    const reports = [await sweep(deps), await sweep(deps)];

    expect(reports.map((r) => r.reminders)).toEqual([0, 1]);
    expect(deps.requests.record(request.requestId).remindersSent).toBe(1);
    expect(deps.audit.types().filter((t) => t === 'reminder_sent')).toHaveLength(1);
  });
});

describe('sweep: a bucket that left the policy with live keys', () => {
  const GONE = 'gone-bucket';
  const policy = () => policyOf({ restrictToListedBuckets: true, buckets: { [BUCKET]: {} } });

  function liveOnDelisted(deps: FakeDependencies): AccessRequest {
    deps.keys.addBucket(GONE, FAKE_REGION, [{ accessKeyId: KEY }]);
    const request = seeded(deps, 'ISSUED', { bucket: GONE, accessKeyId: KEY });
    deps.grants.seed(grantFromApproval(request, deps.clock.now(), undefined));
    return request;
  }

  it('tells the approvers once, each key with its holder', async () => {
    const deps = fakeDependencies({ policy: policy() });
    liveOnDelisted(deps);
    const notices = recordNotices(deps);

    const reports = [await sweep(deps), await sweep(deps)];

    expect(reports.map((r) => r.delistedBuckets)).toEqual([1, 0]);
    expect(argsOf(notices, 'bucketDelisted')).toEqual([
      [GONE, FAKE_REGION, [{ accessKeyId: KEY, holderId: REQUESTER }]],
    ]);
  });

  it('tells them on the next sweep when the post failed', async () => {
    const deps = fakeDependencies({ policy: policy() });
    liveOnDelisted(deps);
    const notices = recordNotices(deps);
    deps.messenger.failNext('post', 'channel_not_found');

    const reports = [await sweep(deps), await sweep(deps)];

    expect(reports.map((r) => r.delistedBuckets)).toEqual([0, 1]);
    expect(argsOf(notices, 'bucketDelisted')).toHaveLength(2);
  });
});

describe('sweep: rotated-out keys', () => {
  it('deletes a RETIRING key whose grace is over and tells the holder why', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: KEY }, { accessKeyId: 'AKIANEW0000000000001' }]);
    const request = seeded(deps, 'RETIRING', {
      accessKeyId: KEY,
      replacedBy: 'AKIANEW0000000000001',
      dueAt: at(deps, -HOUR),
    });
    const notices = recordNotices(deps);

    expect((await sweep(deps)).retiredKeys).toBe(1);

    expect(argsOf(notices, 'oldKeyRetired')).toEqual([[request, 'its grace period is over']]);
    expect(deps.keys.keyIds(BUCKET)).toEqual(['AKIANEW0000000000001']);
  });
});

describe('break-glass alerts', () => {
  function glass(deps: FakeDependencies, overrides: Partial<AccessRequest> = {}): AccessRequest {
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: KEY }]);
    const request = seeded(deps, 'ISSUED', {
      breakGlass: true,
      decidedBy: REQUESTER,
      accessKeyId: KEY,
      ...overrides,
    });
    deps.grants.seed(grantFromApproval(request, deps.clock.now(), undefined));
    return request;
  }

  it('alerts the approvers once issued, keeps the post for the review buttons, and moves the review a day on', async () => {
    const deps = fakeDependencies();
    const issued = glass(deps);
    await deps.reviews.schedule(issued.requestId, issued.createdAt);
    const notices = recordNotices(deps);

    await announceBreakGlass(deps, issued);

    expect(argsOf(notices, 'breakGlassAlert')).toEqual([[issued]]);
    const [post] = deps.messenger.callsOf('post');
    expect(deps.requests.record(issued.requestId).approvalMessage).toEqual({
      channel: FAKE_CHANNEL,
      ts: expect.any(String),
    });
    expect(post?.to).toBe(FAKE_CHANNEL);
    expect(deps.reviews.items.get(issued.requestId)?.dueAt).toBe(at(deps, DAY_MS));
  });

  it('leaves the alert due at once when it could not be posted, so the sweep posts it', async () => {
    const deps = fakeDependencies();
    const issued = glass(deps);
    await deps.reviews.schedule(issued.requestId, issued.createdAt);
    deps.messenger.failNext('post', 'channel_not_found');

    await announceBreakGlass(deps, issued);

    expect(deps.reviews.items.get(issued.requestId)?.dueAt).toBe(issued.createdAt);
    expect(deps.logger.messages('error')).toContain('break-glass alert not posted; the sweeper posts it');
    const notices = recordNotices(deps);
    expect((await sweep(deps)).breakGlassReposts).toBe(1);
    expect(argsOf(notices, 'breakGlassAlert')).toEqual([[issued, { repost: false, keys: [KEY] }]]);
  });

  it('re-posts an unreviewed alert a day later as a reminder, and the newest post takes the buttons', async () => {
    const deps = fakeDependencies();
    const issued = glass(deps, { approvalMessage: CARD });
    await deps.reviews.schedule(issued.requestId, at(deps, -HOUR));
    const notices = recordNotices(deps);

    expect((await sweep(deps)).breakGlassReposts).toBe(1);

    expect(argsOf(notices, 'breakGlassAlert')).toEqual([[issued, { repost: true, keys: [KEY] }]]);
    expect(deps.requests.record(issued.requestId).approvalMessage).not.toEqual(CARD);
  });
});

describe('publishHome', () => {
  it('draws a requester’s own requests, with no decisions for someone who approves nothing', async () => {
    const deps = fakeDependencies();
    const own = issuedKey(deps);
    const notices = recordNotices(deps);

    await publishHome(deps, REQUESTER);

    expect(argsOf(notices, 'homeReady')).toEqual([
      [REQUESTER, { own: [own], lastUsed: new Map([[KEY, undefined]]) }],
    ]);
    expect(deps.messenger.callsOf('publishHome').map((c) => c.to)).toEqual([REQUESTER]);
  });

  it('adds, for an approver, the pending requests they may decide', async () => {
    const deps = fakeDependencies();
    const pending = seeded(deps, 'PENDING');
    const notices = recordNotices(deps);

    await publishHome(deps, FAKE_APPROVER);

    expect(argsOf(notices, 'homeReady')).toEqual([
      [FAKE_APPROVER, { own: [], toDecide: { requests: [pending], complete: true }, lastUsed: new Map() }],
    ]);
  });

  it('throws when Slack refuses the tab, as the job reports it', async () => {
    const deps = fakeDependencies();
    deps.messenger.failNext('publishHome', 'not_enabled');

    await expect(publishHome(deps, REQUESTER)).rejects.toThrow('not_enabled');
  });
});
