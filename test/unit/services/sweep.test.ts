import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/domain/audit-event.js';
import { MessengerError } from '../../../src/domain/errors.js';
import { sweep } from '../../../src/services/sweep/sweep.js';
import {
  FAKE_CHANNEL,
  FAKE_REGION,
  type FakeDependencies,
  fakeDependencies,
  policyOf,
  textOf,
} from '../../support/fakes.js';
import { argsOf, recordNotices } from '../../support/notices.js';
import { BUCKET, REQUESTER, seeded } from '../../support/request-fixtures.js';

const CARD = { channel: FAKE_CHANNEL, ts: '1700000000.000001' };
const PAST = '2026-05-01T08:00:00.000Z';
const OLD_KEY = 'AKIAEXISTING00000001';
const ORPHAN = 'AKIAORPHAN0000000001';
/** A claim taken at 07:55 that timed out at 08:00 (PAST); its create made ORPHAN at 07:57. */
const STUCK = { claimedAt: '2026-05-01T07:55:00.000Z', dueAt: PAST };
const MADE_BY_CLAIM = new Date('2026-05-01T07:57:00.000Z');

/** What a sweep says in DMs, by recipient. */
const dms = (deps: FakeDependencies) =>
  deps.messenger.callsOf('directMessage').map((call) => [call.to, call.message?.text]);
const repairs = (deps: FakeDependencies) => deps.audit.events.filter((e) => e.type === 'issuing_repaired');
const postsToApprovers = (deps: FakeDependencies) =>
  deps.messenger.callsOf('post').filter((call) => call.to === FAKE_CHANNEL);

describe('sweep: requests and approvals that ran out', () => {
  it('expires a past-due pending request: EXPIRED, audited, card closed, requester told', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { dueAt: PAST, approvalMessage: CARD });
    const notices = recordNotices(deps);

    const report = await sweep(deps);

    expect(report.expiredRequests).toBe(1);
    const stored = deps.requests.record(request.requestId);
    expect(stored.state).toBe('EXPIRED');
    expect(stored.dueAt).toBeUndefined();
    expect(deps.audit.events.map((e) => [e.type, e.actorId])).toEqual([['request_expired', SYSTEM_ACTOR]]);
    expect(deps.messenger.callsOf('update').map((c) => c.thread)).toEqual([CARD]);
    expect(argsOf(notices, 'requestExpired')).toEqual([[request]]);
    expect(dms(deps).map(([to]) => to)).toEqual([REQUESTER]);
  });

  it('expires a past-due approval without touching the (already decided) card', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'APPROVED', { dueAt: PAST, approvalExpiresAt: PAST, approvalMessage: CARD });

    const report = await sweep(deps);

    expect(report.expiredApprovals).toBe(1);
    expect(deps.requests.record(request.requestId).state).toBe('EXPIRED');
    expect(deps.audit.types()).toEqual(['approval_expired']);
    expect(deps.messenger.callsOf('update')).toEqual([]);
  });

  it('leaves requests whose deadline has not passed', async () => {
    const deps = fakeDependencies();
    const pending = seeded(deps, 'PENDING', { seq: 1 });
    const approved = seeded(deps, 'APPROVED', { seq: 2 });

    const report = await sweep(deps);

    expect(report).toMatchObject({ expiredRequests: 0, expiredApprovals: 0 });
    expect(deps.requests.record(pending.requestId)).toEqual(pending);
    expect(deps.requests.record(approved.requestId)).toEqual(approved);
  });

  it('does nothing more when another sweep expired the request between the listing and the write', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { dueAt: PAST });
    deps.requests.whenCalled('expire', () => deps.requests.seed({ ...request, state: 'EXPIRED' }));
    const notices = recordNotices(deps);

    const report = await sweep(deps);

    expect(report.expiredRequests).toBe(0);
    expect(deps.audit.events).toEqual([]);
    expect(argsOf(notices, 'requestExpired')).toEqual([]);
    expect(dms(deps)).toEqual([]);
  });
});

describe('sweep: claims that outlived the issuing timeout', () => {
  it('repairs an interrupted issue: deletes the recorded key, gives the approval back, tells the approvers', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: OLD_KEY }, { accessKeyId: ORPHAN }]);
    const request = seeded(deps, 'ISSUING', {
      dueAt: PAST,
      accessKeyId: ORPHAN,
      keysBeforeCreate: [OLD_KEY],
    });

    const report = await sweep(deps);

    expect(report.repairedIssuing).toBe(1);
    expect(deps.keys.keyIds(BUCKET)).toEqual([OLD_KEY]);
    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'APPROVED', dueAt: request.approvalExpiresAt });
    expect(stored.accessKeyId).toBeUndefined();
    expect(stored.claimToken).toBeUndefined();
    expect(repairs(deps).map((e) => [e.accessKeyId, e.detail])).toEqual([
      [ORPHAN, `deleted ${ORPHAN} (interrupted_issue)`],
    ]);
    expect(postsToApprovers(deps).filter((post) => textOf(post).includes(request.requestId))).toHaveLength(1);
  });

  it('deletes the keys a timed-out create made, never the ones on the bucket before it', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [
      { accessKeyId: OLD_KEY, createdAt: MADE_BY_CLAIM },
      { accessKeyId: ORPHAN, createdAt: MADE_BY_CLAIM },
    ]);
    const request = seeded(deps, 'ISSUING', { ...STUCK, keysBeforeCreate: [OLD_KEY] });

    await sweep(deps);

    expect(deps.keys.keyIds(BUCKET)).toEqual([OLD_KEY]);
    expect(repairs(deps)[0]?.detail).toBe(`deleted ${ORPHAN} (timed_out_create)`);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
  });

  it('only gives the approval back when no create was ever sent, and tells nobody', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: OLD_KEY }]);
    seeded(deps, 'ISSUED', { requesterId: 'UOTHER0001', accessKeyId: OLD_KEY });
    const request = seeded(deps, 'ISSUING', { ...STUCK });

    await sweep(deps);

    expect(deps.keys.keyIds(BUCKET)).toEqual([OLD_KEY]);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(repairs(deps).map((e) => e.detail)).toEqual(['no key was left behind']);
    expect(postsToApprovers(deps).filter((post) => textOf(post).includes(request.requestId))).toEqual([]);
  });

  it('waits while another claim on the bucket is running: its key may be the one it is about to deliver', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: ORPHAN, createdAt: MADE_BY_CLAIM }]);
    const stuck = seeded(deps, 'ISSUING', { ...STUCK, keysBeforeCreate: [] });
    seeded(deps, 'ISSUING', { requesterId: 'UOTHER0001', claimToken: 'live-claim' });

    const report = await sweep(deps);

    expect(report.repairedIssuing).toBe(0);
    expect(deps.keys.keyIds(BUCKET)).toEqual([ORPHAN]);
    expect(deps.requests.record(stuck.requestId).state).toBe('ISSUING');
  });

  it('keeps the claim when the key cannot be deleted, so a later sweep tries again', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: ORPHAN }]);
    const request = seeded(deps, 'ISSUING', { dueAt: PAST, accessKeyId: ORPHAN });
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable' });

    const report = await sweep(deps);

    expect(report.repairedIssuing).toBe(0);
    expect(deps.requests.record(request.requestId)).toMatchObject({ state: 'ISSUING', accessKeyId: ORPHAN });
    expect(deps.logger.messages('error')).toContain('could not clean up an interrupted issue');
  });

  it('does not report a repair when the worker finished the claim meanwhile', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: ORPHAN }]);
    const request = seeded(deps, 'ISSUING', { dueAt: PAST, accessKeyId: ORPHAN });
    // The worker's markIssued lands between the sweep's delete and its release.
    const { claimToken: _released, ...finished } = request;
    deps.requests.whenCalled('releaseClaim', () => deps.requests.seed({ ...finished, state: 'ISSUED' }));

    const report = await sweep(deps);

    expect(report.repairedIssuing).toBe(0);
    expect(deps.audit.types()).not.toContain('issuing_repaired');
  });
});

describe('sweep: keys past their expiry', () => {
  it('deletes an expired key and records it REVOKED by the bot, telling the holder', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: ORPHAN }]);
    const request = seeded(deps, 'ISSUED', { accessKeyId: ORPHAN, dueAt: PAST, keyExpiresAt: PAST });
    const notices = recordNotices(deps);

    const report = await sweep(deps);

    expect(report.expiredKeys).toBe(1);
    expect(deps.keys.keyIds(BUCKET)).toEqual([]);
    expect(deps.requests.record(request.requestId)).toMatchObject({
      state: 'REVOKED',
      revokedBy: SYSTEM_ACTOR,
    });
    expect(deps.audit.events.map((e) => [e.type, e.accessKeyId])).toEqual([['key_expired_deleted', ORPHAN]]);
    expect(argsOf(notices, 'keyExpired')).toEqual([[request, ORPHAN]]);
    expect(dms(deps).map(([to]) => to)).toEqual([REQUESTER]);
  });

  it('keeps the record ISSUED when the expired key could not be deleted', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: ORPHAN }]);
    const request = seeded(deps, 'ISSUED', { accessKeyId: ORPHAN, dueAt: PAST, keyExpiresAt: PAST });
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable' });

    const report = await sweep(deps);

    expect(report.expiredKeys).toBe(0);
    expect(deps.requests.record(request.requestId).state).toBe('ISSUED');
    expect(deps.audit.types()).not.toContain('key_expired_deleted');
  });
});

describe('sweep: keys no request accounts for', () => {
  it('reports a key the bot did not issue once, across sweeps', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: OLD_KEY }, { accessKeyId: ORPHAN }]);
    seeded(deps, 'ISSUED', { accessKeyId: OLD_KEY });

    const first = await sweep(deps);
    const second = await sweep(deps);

    expect([first.unknownKeys, second.unknownKeys]).toEqual([1, 0]);
    expect(deps.audit.events.filter((e) => e.type === 'unknown_key_found').map((e) => e.accessKeyId)).toEqual(
      [ORPHAN],
    );
  });

  it('reports the key on the next sweep when the report could not be posted', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: ORPHAN }]);
    deps.messenger.failNext('post', 'channel_not_found');

    const first = await sweep(deps);
    const second = await sweep(deps);

    expect([first.unknownKeys, second.unknownKeys]).toEqual([0, 1]);
  });

  it('records the keys of each post that went out, and leaves the rest of a failed report to the next sweep', async () => {
    const deps = fakeDependencies();
    const keys = Array.from({ length: 41 }, (_, i) => ({
      accessKeyId: `AKIAUNKNOWN${String(i).padStart(9, '0')}`,
    }));
    deps.keys.addBucket(BUCKET, FAKE_REGION, keys);
    const notices = recordNotices(deps);
    // Slack takes the first post of the report and refuses the second.
    const post = deps.messenger.post.bind(deps.messenger);
    let posts = 0;
    deps.messenger.post = async (channel, message) => {
      if (++posts === 2) throw new MessengerError('channel_not_found', 'chat.postMessage failed');
      return post(channel, message);
    };

    const first = await sweep(deps);
    deps.messenger.post = post;
    const second = await sweep(deps);

    expect(argsOf(notices, 'unknownKeysFound').map(([found]) => (found as unknown[]).length)).toEqual([
      41, 1,
    ]);
    expect([first.unknownKeys, second.unknownKeys]).toEqual([40, 1]);
    const found = deps.audit.events.filter((e) => e.type === 'unknown_key_found').map((e) => e.accessKeyId);
    expect(new Set(found).size).toBe(41);
    expect(found).toHaveLength(41);
  });

  it('watches the buckets the policy file names, each in its own region', async () => {
    const policy = policyOf({ buckets: { 'us-bucket': { region: 'us-east-1' } } });
    const deps = fakeDependencies({ policy });
    deps.keys.addBucket('us-bucket', 'us-east-1', [{ accessKeyId: ORPHAN }]);
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: OLD_KEY }]);

    const report = await sweep(deps);

    expect(report.unknownKeys).toBe(1);
    expect(
      deps.audit.events.filter((e) => e.type === 'unknown_key_found').map((e) => [e.bucket, e.region]),
    ).toEqual([['us-bucket', 'us-east-1']]);
  });
});

describe('sweep: the report', () => {
  it('reports nothing done on an empty table, and posts the day’s chain head only once there is a chain', async () => {
    const deps = fakeDependencies();

    const report = await sweep(deps);

    expect(Object.values(report).every((count) => count === 0)).toBe(true);
    expect(deps.messenger.calls).toEqual([]);
  });

  it('posts the audit chain head once a day, whichever sweep runs first', async () => {
    const deps = fakeDependencies();
    seeded(deps, 'PENDING', { dueAt: PAST });

    const first = await sweep(deps);
    const second = await sweep(deps);

    expect([first.chainHeadsPosted, second.chainHeadsPosted]).toEqual([1, 0]);
    expect(deps.audit.heads).toHaveLength(1);
  });
});
