import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import { KeyIssuerError, StateConflictError } from '../../../src/domain/errors.js';
import { afterKeyDelivered, issueKey } from '../../../src/services/issue/issue-key.js';
import { sweep } from '../../../src/services/sweep/sweep.js';
import {
  FAKE_CHANNEL,
  FAKE_REGION,
  type FakeDependencies,
  fakeDependencies,
  policyOf,
} from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

const DAY = 86_400_000;

/** An approved request on a bucket that exists, with `keys` already on it. */
function approvedOnBucket(deps: FakeDependencies, keys: string[] = []) {
  deps.keys.addBucket(
    BUCKET,
    FAKE_REGION,
    keys.map((accessKeyId) => ({ accessKeyId })),
  );
  return seeded(deps, 'APPROVED');
}

const issueJob = (requestId: string, extra: { userId?: string } = {}) => ({
  kind: 'issue' as const,
  userId: REQUESTER,
  requestId,
  responseUrl: RESPONSE_URL,
  ...extra,
});

/** The outcome of a call to Lightsail that failed with `awsName`, during `action` on the bucket. */
const failedWith = (awsName: string, action: string) => ({
  kind: 'failed',
  error: expect.objectContaining({ awsName }),
  where: { bucket: BUCKET, region: FAKE_REGION, action },
});

/** Every secret the fake key issuer minted, to prove where it went. */
const secretsIn = (deps: FakeDependencies) => JSON.stringify(deps.messenger.calls);

describe('issueKey: the approved path', () => {
  it('creates one key, sends its secret only in the requester’s ephemeral DM, and records it ISSUED with its expiry', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { keyMaxAgeMs: 7 * DAY }) });
    const request = approvedOnBucket(deps);

    const outcome = await issueKey(deps, issueJob(request.requestId));

    const [key] = deps.keys.keyIds(BUCKET);
    const stored = deps.requests.record(request.requestId);
    expect(outcome).toEqual({
      kind: 'key_delivered',
      request: stored,
      grant: deps.grants.items.get(request.requestId),
    });
    expect(stored).toMatchObject({ state: 'ISSUED', accessKeyId: key });
    expect(stored.claimToken).toBeUndefined();
    expect(stored.keyExpiresAt).toBe(new Date(deps.clock.now().getTime() + 7 * DAY).toISOString());
    const withSecret = deps.messenger.calls.filter((call) => JSON.stringify(call).includes('fake-secret-'));
    expect(withSecret.map((call) => [call.method, call.to])).toEqual([['ephemeralDirectMessage', REQUESTER]]);
    expect(JSON.stringify(deps.audit.events) + JSON.stringify(deps.logger.entries)).not.toContain(
      'fake-secret-',
    );
    expect(deps.audit.types()).toEqual(['key_issued']);
    expect(deps.audit.events[0]).toMatchObject({ accessKeyId: key, approverId: 'UAPPROVER1' });
    // The grant it is issued under ends when the key does.
    expect(deps.grants.items.get(request.requestId)).toMatchObject({
      holderId: REQUESTER,
      state: 'ACTIVE',
      expiresAt: stored.keyExpiresAt,
      requestIds: [request.requestId],
    });
  });

  it('gives the key the shorter lifetime the requester asked for, not the bucket’s maximum', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { keyMaxAgeMs: 7 * DAY }) });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED', { requestedLifetimeMs: DAY });

    await issueKey(deps, issueJob(request.requestId));

    expect(deps.requests.record(request.requestId).keyExpiresAt).toBe(
      new Date(deps.clock.now().getTime() + DAY).toISOString(),
    );
  });

  it('issues a key that lives until revoked when neither the policy nor the request limits it', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);

    await issueKey(deps, issueJob(request.requestId));

    const stored = deps.requests.record(request.requestId);
    expect(stored.state).toBe('ISSUED');
    expect(stored.keyExpiresAt).toBeUndefined();
    expect(stored.dueAt).toBeUndefined();
  });
});

describe('issueKey: what follows an issued key (afterKeyDelivered, once the person has their answer)', () => {
  it('brings the bucket’s key count in the picker’s catalog up to date, from one listing', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { keyMaxAgeMs: 7 * DAY }) });
    const request = approvedOnBucket(deps);
    // The picker's catalog, as the last sweep wrote it: the bucket had no key then.
    const catalogBucket = { bucket: BUCKET, region: FAKE_REGION, keyCount: 0, keyMaxAgeMs: 7 * DAY };
    deps.catalog.stored = { buckets: [catalogBucket], total: 1, updatedAt: '2026-01-01T00:00:00.000Z' };

    await afterKeyDelivered(deps, await issueKey(deps, issueJob(request.requestId)));

    expect(deps.catalog.stored?.buckets).toEqual([{ ...catalogBucket, keyCount: 1 }]);
  });

  it('moves the key a rotation replaces to RETIRING once its successor is delivered, not before', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: 'AKIAOLDKEY0000000001' }]);
    const old = seeded(deps, 'ISSUED', { seq: 1, accessKeyId: 'AKIAOLDKEY0000000001' });
    const successor = seeded(deps, 'APPROVED', {
      seq: 2,
      rotates: { accessKeyId: 'AKIAOLDKEY0000000001', requestId: old.requestId },
    });

    const outcome = await issueKey(deps, issueJob(successor.requestId));

    expect(outcome).toMatchObject({ kind: 'key_delivered', request: { requestId: successor.requestId } });
    expect(deps.requests.record(old.requestId).state).toBe('ISSUED');

    await afterKeyDelivered(deps, outcome);

    const newKey = deps.requests.record(successor.requestId).accessKeyId;
    expect(deps.requests.record(old.requestId)).toMatchObject({ state: 'RETIRING', replacedBy: newKey });
    expect(deps.audit.types()).toEqual(['key_issued', 'key_rotated']);
    // The holder hears that the old key now retires, through the notifier.
    expect(deps.messenger.callsOf('directMessage').map((call) => call.to)).toEqual([REQUESTER]);
  });

  it('starts nothing after an outcome other than a delivered key', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: 'AKIAOLDKEY0000000001' }]);
    const old = seeded(deps, 'ISSUED', { seq: 1, accessKeyId: 'AKIAOLDKEY0000000001' });
    const successor = seeded(deps, 'APPROVED', {
      seq: 2,
      rotates: { accessKeyId: 'AKIAOLDKEY0000000001', requestId: old.requestId },
    });
    // A catalog whose count is stale: a refresh would correct it.
    const catalogBucket = { bucket: BUCKET, region: FAKE_REGION, keyCount: 0 };
    deps.catalog.stored = { buckets: [catalogBucket], total: 1, updatedAt: '2026-01-01T00:00:00.000Z' };
    deps.messenger.failNext('ephemeralDirectMessage', 'cannot_dm_bot');

    const outcome = await issueKey(deps, issueJob(successor.requestId));
    await afterKeyDelivered(deps, outcome);

    expect(outcome.kind).toBe('delivery_failed');
    expect(deps.requests.record(old.requestId).state).toBe('ISSUED');
    expect(deps.audit.types()).not.toContain('key_rotated');
    expect(deps.catalog.writes).toBe(0);
  });

  it('gives a break-glass key its short life, alerts the approvers and moves its review a day on', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED', { breakGlass: true, decidedBy: REQUESTER });
    // As break-glass files it, before the key is made: due at once.
    await deps.reviews.schedule(request.requestId, request.createdAt);

    const outcome = await issueKey(deps, issueJob(request.requestId));
    expect(deps.messenger.callsOf('post')).toEqual([]);
    await afterKeyDelivered(deps, outcome);

    expect(outcome.kind).toBe('key_delivered');
    expect(deps.audit.types()).toEqual(['key_issued', 'break_glass_issued']);
    expect(deps.messenger.callsOf('post').map((call) => call.to)).toEqual([FAKE_CHANNEL]);
    expect(deps.reviews.items.get(request.requestId)?.dueAt).toBe(
      new Date(deps.clock.now().getTime() + 86_400_000).toISOString(),
    );
    expect(deps.requests.record(request.requestId).keyExpiresAt).toBe(
      new Date(deps.clock.now().getTime() + 4 * 3_600_000).toISOString(),
    );
  });
});

describe('issueKey: refusals before any key exists', () => {
  it('returns unknown_request for a request id it does not know, and changes nothing', async () => {
    const deps = fakeDependencies();

    const outcome = await issueKey(deps, issueJob('REQ-AAAAAAAA-1'));

    expect(outcome).toEqual({ kind: 'unknown_request' });
    expect(deps.requests.calls).toEqual(['get']);
    expect(deps.keys.calls).toEqual([]);
  });

  it('refuses someone else’s approval without claiming it, and audits the refusal', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);

    const outcome = await issueKey(deps, issueJob(request.requestId, { userId: 'UINTRUDER1' }));

    expect(outcome).toEqual({ kind: 'request_not_yours' });
    expect(deps.requests.record(request.requestId)).toEqual(request);
    expect(deps.requests.calls).not.toContain('claim');
    expect(deps.audit.events.map((e) => [e.type, e.actorId])).toEqual([['refused_issue', 'UINTRUDER1']]);
  });

  it('returns approval_not_usable when the claim loses (expired approval), creating nothing', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED', { approvalExpiresAt: '2026-05-01T08:00:00.000Z' });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toEqual({ kind: 'approval_not_usable', request });
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.keys.callsOf('createKey')).toEqual([]);
  });

  it('returns approval_not_usable with the record as it is now, when another run claimed it first', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const read = seeded(deps, 'APPROVED');
    const claimedElsewhere = seeded(deps, 'ISSUING');

    const outcome = await issueKey(deps, issueJob(read.requestId), read);

    expect(outcome).toEqual({ kind: 'approval_not_usable', request: claimedElsewhere });
    expect(deps.requests.record(read.requestId).claimToken).toBe(claimedElsewhere.claimToken);
    // Only the listing that the claim would have kept: nothing was created or deleted.
    expect(deps.keys.calls.map((call) => call.op)).toEqual(['listKeys']);
  });

  it('gives the approval back and creates nothing when the policy in force no longer allows the bucket', async () => {
    const deps = fakeDependencies({ policy: policyOf({ restrictToListedBuckets: true, buckets: {} }) });
    const request = approvedOnBucket(deps);

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toMatchObject({
      kind: 'bucket_no_longer_allowed',
      request: { requestId: request.requestId, bucket: BUCKET },
    });
    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'APPROVED', dueAt: request.approvalExpiresAt });
    expect(stored.claimToken).toBeUndefined();
    expect(deps.keys.calls).toEqual([]);
    expect(deps.audit.types()).toEqual(['key_issue_refused_policy']);
  });

  it('returns key_limit_reached, writing and creating nothing, when the bucket already holds two keys', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001', 'AKIAEXISTING00000002']);

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.keys.callsOf('createKey')).toEqual([]);
    expect(deps.audit.events.map((e) => [e.type, e.detail])).toEqual([
      ['key_issue_failed', 'KeyLimitReached'],
    ]);
    const keys = await deps.keys.listKeys(BUCKET, FAKE_REGION);
    expect(outcome).toEqual({ kind: 'key_limit_reached', bucket: BUCKET, keys });
  });

  it('writes nothing and returns the failed listing when Lightsail cannot list the bucket’s keys', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.keys.failNext('listKeys', { reason: 'service_unavailable' });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toEqual(failedWith('ServiceException', 'ListBucketAccessKeys'));
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.requests.calls).not.toContain('claim');
    expect(deps.keys.callsOf('createKey')).toEqual([]);
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['ServiceException']);
  });

  it('creates nothing when the claim, which keeps the bucket’s keys, cannot be written', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.requests.failNext('claim');

    await expect(issueKey(deps, issueJob(request.requestId))).rejects.toThrow('claim failed');

    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.keys.callsOf('createKey')).toEqual([]);
  });

  it('lists the bucket’s keys before the claim and keeps them in the claim’s one write', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001']);
    let atCreate: AccessRequest | undefined;
    deps.keys.whenCalled('createKey', () => {
      atCreate = deps.requests.record(request.requestId);
    });

    await issueKey(deps, issueJob(request.requestId));

    expect(atCreate?.state).toBe('ISSUING');
    expect(atCreate?.keysBeforeCreate).toEqual(['AKIAEXISTING00000001']);
    const writes = deps.requests.calls.filter((call) => call !== 'get');
    expect(writes.slice(0, 2)).toEqual(['claim', 'recordKey']);
  });

  it('returns approval_not_usable for a second click on a used approval, not key_limit_reached', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001']);
    await issueKey(deps, issueJob(request.requestId));
    const stale = { ...request };

    // The bucket is full now, with the key the first click made; the second click read the approval earlier.
    const outcome = await issueKey(deps, issueJob(request.requestId), stale);

    expect(deps.keys.callsOf('createKey')).toHaveLength(1);
    expect(deps.audit.types()).not.toContain('key_issue_failed');
    expect(outcome).toEqual({
      kind: 'approval_not_usable',
      request: deps.requests.record(request.requestId),
    });
  });

  it('gives the approval back and returns the failure when Lightsail denies the create', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.keys.failNext('createKey', { reason: 'access_denied' });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    // The approvers are alerted when the failure is explained (explain-failure.test.ts).
    expect(outcome).toEqual(failedWith('AccessDeniedException', 'CreateBucketAccessKey'));
    expect((outcome as { error: unknown }).error).toBeInstanceOf(KeyIssuerError);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['AccessDeniedException']);
  });
});

describe('issueKey: a create Lightsail refuses with invalid_input', () => {
  it('recounts, and returns key_limit_reached when another key appeared since the count', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001']);
    // Between our count and our create, someone else makes the bucket's second key.
    deps.keys.whenCalled('createKey', () =>
      deps.keys.addKey(BUCKET, { accessKeyId: 'AKIARACER00000000001' }),
    );

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(deps.keys.callsOf('listKeys')).toHaveLength(2);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['KeyLimitReached']);
    const keys = await deps.keys.listKeys(BUCKET, FAKE_REGION);
    expect(outcome).toEqual({ kind: 'key_limit_reached', bucket: BUCKET, keys });
  });

  it('returns Lightsail’s refusal when the recount still shows room', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001']);
    deps.keys.failNext('createKey', { reason: 'invalid_input' });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toEqual(failedWith('InvalidInputException', 'CreateBucketAccessKey'));
    expect(deps.keys.callsOf('listKeys')).toHaveLength(2);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['InvalidInputException']);
  });

  it('falls back to the first count when the recount fails, and returns the refusal', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.keys.failNext('createKey', { reason: 'invalid_input' });
    deps.keys.whenCalled('createKey', () =>
      deps.keys.failNext('listKeys', { reason: 'service_unavailable' }),
    );

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toEqual(failedWith('InvalidInputException', 'CreateBucketAccessKey'));
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['InvalidInputException']);
  });
});

describe('issueKey: a create whose outcome is not a usable key', () => {
  it('keeps the claim when Lightsail never answered (timeout): the sweeper settles it after the timeout', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001']);
    deps.keys.failNext('createKey', {
      reason: 'unknown',
      outcome: 'unknown',
      awsName: 'TimeoutError',
      keyMade: true,
    });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'ISSUING', keysBeforeCreate: ['AKIAEXISTING00000001'] });
    expect(stored.accessKeyId).toBeUndefined();
    expect(deps.keys.keyIds(BUCKET)).toHaveLength(2);
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['TimeoutError (outcome unknown)']);
    expect(outcome).toEqual({
      kind: 'create_outcome_unknown',
      request: stored,
      retryAfterMs: deps.settings.issuingTimeoutMs,
    });
  });

  it('after the timeout, the sweeper deletes the key the unanswered create made and leaves the older key alone', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001']);
    deps.keys.failNext('createKey', { reason: 'unknown', outcome: 'unknown', keyMade: true });
    await issueKey(deps, issueJob(request.requestId));
    deps.clock.advance(deps.settings.issuingTimeoutMs + 1);

    const report = await sweep(deps);

    expect(report.repairedIssuing).toBe(1);
    expect(deps.keys.keyIds(BUCKET)).toEqual(['AKIAEXISTING00000001']);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
  });

  it('settles an answered 5xx at once: deletes what the create made, gives the approval back, returns create_failed settled', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps, ['AKIAEXISTING00000001']);
    deps.keys.failNext('createKey', {
      reason: 'service_unavailable',
      outcome: 'answered_failure',
      keyMade: true,
    });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toMatchObject({
      kind: 'create_failed',
      request: { requestId: request.requestId },
      settled: true,
      retryAfterMs: deps.settings.issuingTimeoutMs,
    });
    expect(deps.keys.keyIds(BUCKET)).toEqual(['AKIAEXISTING00000001']);
    const stored = deps.requests.record(request.requestId);
    expect(stored.state).toBe('APPROVED');
    expect(stored.keysBeforeCreate).toBeUndefined();
    expect(deps.audit.types()).toEqual(['key_issue_failed', 'issuing_repaired']);
    // The approvers hear of the key the repair deleted, through the notifier.
    expect(deps.messenger.callsOf('post').map((call) => call.to)).toEqual([FAKE_CHANNEL]);
  });

  it('deletes the very key a create answered without its secret', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.keys.failNext('createKey', {
      reason: 'unknown',
      outcome: 'answered_failure',
      keyMade: true,
      namesKey: true,
    });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toMatchObject({ kind: 'create_failed', settled: true });
    expect(deps.keys.keyIds(BUCKET)).toEqual([]);
    expect(deps.keys.callsOf('deleteKey')).toHaveLength(1);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
  });

  it('leaves an answered failure to the sweeper while another claim on the bucket is running: create_failed, not settled', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    seeded(deps, 'ISSUING', { requesterId: 'UOTHER0001' });
    deps.keys.failNext('createKey', {
      reason: 'service_unavailable',
      outcome: 'answered_failure',
      keyMade: true,
    });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(deps.keys.keyIds(BUCKET)).toHaveLength(1);
    const stored = deps.requests.record(request.requestId);
    expect(stored.state).toBe('ISSUING');
    expect(outcome).toEqual({
      kind: 'create_failed',
      request: stored,
      settled: false,
      retryAfterMs: deps.settings.issuingTimeoutMs,
    });
  });
});

describe('issueKey: failures once the key exists', () => {
  it('deletes the key and gives the approval back when the secret cannot be delivered: delivery_failed', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.messenger.failNext('ephemeralDirectMessage', 'cannot_dm_bot');

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toMatchObject({
      kind: 'delivery_failed',
      request: { requestId: request.requestId },
      grantRevoked: false,
    });
    expect(deps.keys.keyIds(BUCKET)).toEqual([]);
    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'APPROVED', dueAt: request.approvalExpiresAt });
    expect(stored.accessKeyId).toBeUndefined();
    expect(deps.audit.events.map((e) => [e.type, e.detail])).toEqual([
      ['delivery_failed_key_deleted', 'slack_cannot_dm_bot'],
    ]);
    // The one attempt to send the secret went to the requester's DM, ephemerally; nothing else carried it.
    const tried = deps.messenger.attempts.filter((call) => JSON.stringify(call).includes('fake-secret-'));
    expect(tried.map((call) => [call.method, call.to, call.failed])).toEqual([
      ['ephemeralDirectMessage', REQUESTER, 'cannot_dm_bot'],
    ]);
    expect(secretsIn(deps)).not.toContain('fake-secret-');
  });

  it('never sends the secret when the key id cannot be recorded first, and deletes the key', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.requests.failNext('recordKey');

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toMatchObject({ kind: 'delivery_failed', grantRevoked: false });
    expect(deps.messenger.attempts.filter((call) => call.method === 'ephemeralDirectMessage')).toEqual([]);
    expect(deps.keys.keyIds(BUCKET)).toEqual([]);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
  });

  it('leaves the undelivered key recorded on the claim for the sweeper when it cannot be deleted now', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.messenger.failNext('ephemeralDirectMessage', 'cannot_dm_bot');
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable' });

    const outcome = await issueKey(deps, issueJob(request.requestId));

    expect(outcome).toMatchObject({ kind: 'delivery_failed', grantRevoked: false });
    const [key] = deps.keys.keyIds(BUCKET);
    expect(deps.requests.record(request.requestId)).toMatchObject({ state: 'ISSUING', accessKeyId: key });
    expect(deps.logger.messages('error')).toContain('could not undo an undelivered key; the sweeper will');
    expect(deps.audit.types()).toEqual(['delivery_failed_key_deleted']);
  });

  it('fails closed when the secret was delivered but ISSUED cannot be recorded: the sweeper deletes the key', async () => {
    const deps = fakeDependencies();
    const request = approvedOnBucket(deps);
    deps.requests.failNext('markIssued', new StateConflictError('update: condition failed', undefined));

    const outcome = await issueKey(deps, issueJob(request.requestId));

    const [key] = deps.keys.keyIds(BUCKET);
    expect(outcome).toMatchObject({
      kind: 'key_not_recorded',
      request: { requestId: request.requestId },
      accessKeyId: key,
      retryAfterMs: deps.settings.issuingTimeoutMs,
    });
    expect(deps.messenger.callsOf('ephemeralDirectMessage')).toHaveLength(1);
    expect(deps.requests.record(request.requestId)).toMatchObject({ state: 'ISSUING', accessKeyId: key });
    expect(deps.audit.events.map((e) => [e.type, e.detail])).toEqual([
      ['key_issue_failed', 'NotRecordedAfterDelivery'],
    ]);

    deps.clock.advance(deps.settings.issuingTimeoutMs + 1);
    await sweep(deps);

    expect(deps.keys.keyIds(BUCKET)).toEqual([]);
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
  });
});
