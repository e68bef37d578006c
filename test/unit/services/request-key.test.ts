import { describe, expect, it } from 'vitest';
import { RequestConflictError } from '../../../src/domain/errors.js';
import { requestIdFor } from '../../../src/domain/request-id.js';
import { requestKey } from '../../../src/services/request/request-key.js';
import { FAKE_APPROVER, FAKE_CHANNEL, FAKE_REGION, fakeDependencies, policyOf } from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, requestIn, seeded } from '../../support/request-fixtures.js';

const DAY = 86_400_000;

const createJob = (
  extra: { reason?: string; lifetimeMs?: number; breakGlass?: boolean; bucket?: string } = {},
) => ({
  kind: 'create' as const,
  userId: REQUESTER,
  bucket: BUCKET,
  reason: 'deploy the media service',
  responseUrl: RESPONSE_URL,
  ...extra,
});

describe('requestKey: an approval on record', () => {
  it('issues with one listing of the bucket’s keys, started alongside the read, and the DM prepared', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: 'AKIAEXISTING00000001' }]);
    const approved = seeded(deps, 'APPROVED');

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toMatchObject({
      kind: 'key_delivered',
      request: { requestId: approved.requestId, state: 'ISSUED' },
    });
    expect(deps.requests.record(approved.requestId).state).toBe('ISSUED');
    expect(deps.keys.calls.map((call) => call.op)).toEqual(['listKeys', 'createKey']);
    expect(deps.messenger.prepared).toEqual([REQUESTER]);
    expect(deps.messenger.callsOf('ephemeralDirectMessage').map((call) => call.to)).toEqual([REQUESTER]);
  });

  it('takes the index’s copy of a usable approval, and the claim finds it already used', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const approved = seeded(deps, 'APPROVED');
    const issued = seeded(deps, 'ISSUED', { accessKeyId: 'AKIAISSUED0000000001' });
    deps.requests.indexLagsWith(approved);

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toEqual({ kind: 'approval_not_usable', request: issued });
    expect(deps.requests.calls.filter((call) => call === 'get')).toEqual([]);
    expect(deps.keys.callsOf('createKey')).toEqual([]);
    expect(deps.requests.items.size).toBe(1);
  });

  it('reads again a request the index still shows pending, and issues the approval the table holds', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const pending = seeded(deps, 'PENDING');
    const approved = seeded(deps, 'APPROVED');
    deps.requests.indexLagsWith(pending);

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toMatchObject({ kind: 'key_delivered', request: { requestId: approved.requestId } });
    expect(deps.requests.calls).toContain('get');
    expect(deps.requests.record(approved.requestId).state).toBe('ISSUED');
    expect(deps.keys.callsOf('createKey')).toHaveLength(1);
  });
});

describe('requestKey: a new request', () => {
  it('records a PENDING request, audits it, posts the approval card and keeps its reference', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);

    const outcome = await requestKey(deps, createJob({ lifetimeMs: DAY }));

    const requestId = requestIdFor(REQUESTER, BUCKET, 1);
    const stored = deps.requests.record(requestId);
    // The outcome holds the request as created; where its card went is stored afterwards.
    const { approvalMessage: _card, ...created } = stored;
    expect(outcome).toEqual({ kind: 'request_created', request: created, approvers: [FAKE_APPROVER] });
    expect(stored).toMatchObject({
      state: 'PENDING',
      seq: 1,
      region: FAKE_REGION,
      requestedLifetimeMs: DAY,
      dueAt: new Date(deps.clock.now().getTime() + deps.settings.pendingTtlMs).toISOString(),
    });
    const [card] = deps.messenger.callsOf('post');
    expect(card?.to).toBe(FAKE_CHANNEL);
    expect(stored.approvalMessage?.channel).toBe(FAKE_CHANNEL);
    expect(deps.audit.events.map((e) => [e.type, e.requestId, e.detail])).toEqual([
      ['request_created', requestId, 'deploy the media service'],
    ]);
  });

  it('takes the next sequence number when the person’s last request on the bucket ran out', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    seeded(deps, 'PENDING', { dueAt: '2026-05-01T08:00:00.000Z' });

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toMatchObject({
      kind: 'request_created',
      request: { requestId: requestIdFor(REQUESTER, BUCKET, 2) },
    });
    expect(deps.requests.record(requestIdFor(REQUESTER, BUCKET, 2)).state).toBe('PENDING');
  });

  it('keeps the request but returns approvers_not_notified, with Slack’s error, when the card cannot be posted', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    deps.messenger.failNext('post', 'not_in_channel');

    const outcome = await requestKey(deps, createJob());

    const stored = deps.requests.record(requestIdFor(REQUESTER, BUCKET, 1));
    expect(outcome).toEqual({
      kind: 'approvers_not_notified',
      request: stored,
      slackError: 'not_in_channel',
    });
    expect(stored.state).toBe('PENDING');
    expect(stored.approvalMessage).toBeUndefined();
    expect(deps.logger.messages('error')).toEqual(['approval request not posted']);
  });
});

describe('requestKey: refusals that record nothing', () => {
  it('returns bucket_not_allowed for a bucket the policy does not allow', async () => {
    const deps = fakeDependencies({ policy: policyOf({ restrictToListedBuckets: true, buckets: {} }) });

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toEqual({ kind: 'bucket_not_allowed', bucket: BUCKET });
    expect(deps.requests.calls).toEqual([]);
    expect(deps.keys.calls).toEqual([]);
  });

  it('returns reason_shortfall for a reason shorter than the bucket requires, before reading anything', async () => {
    const deps = fakeDependencies({ policy: policyOf({ reasonMinLength: 20 }) });

    const outcome = await requestKey(deps, createJob({ reason: 'too short' }));

    expect(outcome).toEqual({
      kind: 'reason_shortfall',
      shortfall: expect.stringContaining('at least 20 characters'),
    });
    expect(deps.requests.calls).toEqual([]);
    expect(deps.keys.calls).toEqual([]);
  });

  it('returns lifetime_too_long for a lifetime longer than the bucket’s maximum key age', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { keyMaxAgeMs: DAY }) });

    const outcome = await requestKey(deps, createJob({ lifetimeMs: 2 * DAY }));

    expect(outcome).toEqual({ kind: 'lifetime_too_long', bucket: BUCKET, maxAgeMs: DAY });
    expect(deps.requests.items.size).toBe(0);
  });

  it('returns the failed listing for a bucket Lightsail does not have, and writes nothing', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket('other-bucket', FAKE_REGION);

    const outcome = await requestKey(deps, createJob());

    // The buckets it could have meant are suggested when the failure is explained (explain-failure.test.ts).
    expect(outcome).toEqual({
      kind: 'failed',
      error: expect.objectContaining({ reason: 'bucket_not_found' }),
      where: { bucket: BUCKET, region: FAKE_REGION, action: 'create' },
    });
    expect(deps.requests.items.size).toBe(0);
    expect(deps.audit.events).toEqual([]);
  });

  it('refuses break-glass to someone the policy does not list, and audits the refusal', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);

    const outcome = await requestKey(deps, createJob({ breakGlass: true }));

    expect(outcome).toEqual({ kind: 'break_glass_refused', bucket: BUCKET, why: 'not_allowed' });
    expect(deps.requests.items.size).toBe(0);
    expect(deps.audit.types()).toEqual(['break_glass_refused']);
  });
});

describe('requestKey: one open request per person and bucket', () => {
  it('uses a usable approval at once instead of asking again', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const approved = seeded(deps, 'APPROVED');

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toMatchObject({ kind: 'key_delivered', request: { requestId: approved.requestId } });
    expect(deps.requests.record(approved.requestId).state).toBe('ISSUED');
    expect(deps.requests.items.size).toBe(1);
    expect(deps.messenger.callsOf('ephemeralDirectMessage')).toHaveLength(1);
  });

  it('returns issue_in_progress while a claim is running', async () => {
    const deps = fakeDependencies();
    const issuing = seeded(deps, 'ISSUING');

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toEqual({ kind: 'issue_in_progress', request: issuing });
    // Only the listing started alongside the read: no key is made or deleted.
    expect(deps.keys.calls.map((call) => call.op)).toEqual(['listKeys']);
  });

  it('returns already_pending with the request still waiting for approval, and who approves it', async () => {
    const deps = fakeDependencies();
    const pending = seeded(deps, 'PENDING');

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toEqual({
      kind: 'already_pending',
      request: pending,
      approvers: [FAKE_APPROVER],
      approvalsRequired: 1,
    });
    expect(deps.requests.items.size).toBe(1);
  });

  it('returns already_pending with the winner when a concurrent create of the same person took the id first', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const winner = requestIn(deps, 'PENDING', { reason: 'the other tab' });
    deps.requests.whenCalled('create', () => deps.requests.seed(winner));

    const outcome = await requestKey(deps, createJob());

    expect(deps.requests.record(winner.requestId).reason).toBe('the other tab');
    expect(deps.requests.items.size).toBe(1);
    expect(outcome).toEqual({
      kind: 'already_pending',
      request: winner,
      approvers: [FAKE_APPROVER],
      approvalsRequired: 1,
    });
    expect(deps.audit.events).toEqual([]);
  });

  it('takes the next sequence number when the id it chose is already used by a closed request', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    deps.requests.whenCalled('create', () => deps.requests.seed(requestIn(deps, 'DENIED')));

    const outcome = await requestKey(deps, createJob());

    expect(outcome).toMatchObject({ kind: 'request_created', request: { seq: 2 } });
    expect(deps.requests.record(requestIdFor(REQUESTER, BUCKET, 2)).state).toBe('PENDING');
  });

  it('gives up with an error after five lost creates in a row', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    for (let i = 0; i < 5; i++)
      deps.requests.failNext('create', new RequestConflictError('create: condition failed', undefined));

    await expect(requestKey(deps, createJob())).rejects.toThrow(/could not allocate a request id/);

    expect(deps.requests.items.size).toBe(0);
  });
});
