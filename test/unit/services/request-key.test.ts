import { describe, expect, it } from 'vitest';
import { RequestConflictError } from '../../../src/domain/errors.js';
import { requestIdFor } from '../../../src/domain/request-id.js';
import { requestKey } from '../../../src/services/request/request-key.js';
import {
  alreadyPending,
  approvalNotUsable,
  approversNotNotified,
  bucketNotAllowed,
  issueInProgress,
  lifetimeTooLong,
} from '../../../src/slack/messages/requester-replies.js';
import {
  FAKE_APPROVER,
  FAKE_CHANNEL,
  FAKE_REGION,
  fakeDependencies,
  policyOf,
  textOf,
} from '../../support/fakes.js';
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

const answers = (deps: ReturnType<typeof fakeDependencies>) =>
  deps.messenger.callsOf('respond').map((call) => call.message?.text);

describe('requestKey: an approval on record', () => {
  it('issues with one listing of the bucket’s keys, started alongside the read, and the DM prepared', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: 'AKIAEXISTING00000001' }]);
    const approved = seeded(deps, 'APPROVED');

    await requestKey(deps, createJob());

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

    await requestKey(deps, createJob());

    expect(deps.requests.calls.filter((call) => call === 'get')).toEqual([]);
    expect(deps.keys.callsOf('createKey')).toEqual([]);
    expect(deps.requests.items.size).toBe(1);
    expect(answers(deps)).toEqual([approvalNotUsable(issued).text]);
  });

  it('reads again a request the index still shows pending, and issues the approval the table holds', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const pending = seeded(deps, 'PENDING');
    const approved = seeded(deps, 'APPROVED');
    deps.requests.indexLagsWith(pending);

    await requestKey(deps, createJob());

    expect(deps.requests.calls).toContain('get');
    expect(deps.requests.record(approved.requestId).state).toBe('ISSUED');
    expect(deps.keys.callsOf('createKey')).toHaveLength(1);
  });
});

describe('requestKey: a new request', () => {
  it('records a PENDING request, audits it, posts the approval card and keeps its reference', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);

    await requestKey(deps, createJob({ lifetimeMs: DAY }));

    const requestId = requestIdFor(REQUESTER, BUCKET, 1);
    const stored = deps.requests.record(requestId);
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
    expect(deps.messenger.callsOf('respond')[0]?.message?.replaceOriginal).toBe(true);
  });

  it('takes the next sequence number when the person’s last request on the bucket ran out', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    seeded(deps, 'PENDING', { dueAt: '2026-05-01T08:00:00.000Z' });

    await requestKey(deps, createJob());

    expect(deps.requests.record(requestIdFor(REQUESTER, BUCKET, 2)).state).toBe('PENDING');
  });

  it('keeps the request but tells the requester the approvers were not notified when the card cannot be posted', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    deps.messenger.failNext('post', 'not_in_channel');

    await requestKey(deps, createJob());

    const stored = deps.requests.record(requestIdFor(REQUESTER, BUCKET, 1));
    expect(stored.state).toBe('PENDING');
    expect(stored.approvalMessage).toBeUndefined();
    expect(answers(deps)).toEqual([approversNotNotified(stored, 'not_in_channel').text]);
  });
});

describe('requestKey: refusals that record nothing', () => {
  it('refuses a bucket the policy does not allow', async () => {
    const deps = fakeDependencies({ policy: policyOf({ restrictToListedBuckets: true, buckets: {} }) });

    await requestKey(deps, createJob());

    expect(answers(deps)).toEqual([bucketNotAllowed(BUCKET).text]);
    expect(deps.requests.items.size).toBe(0);
    expect(deps.keys.calls).toEqual([]);
  });

  it('refuses a reason shorter than the bucket requires, before reading anything', async () => {
    const deps = fakeDependencies({ policy: policyOf({ reasonMinLength: 20 }) });

    await requestKey(deps, createJob({ reason: 'too short' }));

    expect(deps.requests.calls).toEqual([]);
    expect(answers(deps)[0]).toContain('at least 20 characters');
  });

  it('refuses a lifetime longer than the bucket’s maximum key age', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { keyMaxAgeMs: DAY }) });

    await requestKey(deps, createJob({ lifetimeMs: 2 * DAY }));

    expect(answers(deps)).toEqual([lifetimeTooLong(BUCKET, DAY).text]);
    expect(deps.requests.items.size).toBe(0);
  });

  it('explains a bucket Lightsail does not have, and writes nothing', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket('other-bucket', FAKE_REGION);

    await requestKey(deps, createJob());

    expect(deps.requests.items.size).toBe(0);
    expect(deps.audit.events).toEqual([]);
    const [answer] = deps.messenger.callsOf('respond');
    expect(answer && textOf(answer)).toContain('other-bucket');
  });

  it('refuses break-glass to someone the policy does not list, and audits the refusal', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);

    await requestKey(deps, createJob({ breakGlass: true }));

    expect(deps.requests.items.size).toBe(0);
    expect(deps.audit.types()).toEqual(['break_glass_refused']);
  });
});

describe('requestKey: one open request per person and bucket', () => {
  it('uses a usable approval at once instead of asking again', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const approved = seeded(deps, 'APPROVED');

    await requestKey(deps, createJob());

    expect(deps.requests.record(approved.requestId).state).toBe('ISSUED');
    expect(deps.requests.items.size).toBe(1);
    expect(deps.messenger.callsOf('ephemeralDirectMessage')).toHaveLength(1);
  });

  it('says a key is being issued while a claim is running', async () => {
    const deps = fakeDependencies();
    const issuing = seeded(deps, 'ISSUING');

    await requestKey(deps, createJob());

    expect(answers(deps)).toEqual([issueInProgress(issuing).text]);
    // Only the listing started alongside the read: no key is made or deleted.
    expect(deps.keys.calls.map((call) => call.op)).toEqual(['listKeys']);
  });

  it('points to the request still waiting for approval', async () => {
    const deps = fakeDependencies();
    const pending = seeded(deps, 'PENDING');

    await requestKey(deps, createJob());

    expect(answers(deps)).toEqual([alreadyPending(pending, [FAKE_APPROVER], 1).text]);
    expect(deps.requests.items.size).toBe(1);
  });

  it('answers with the winner when a concurrent create of the same person took the id first', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const winner = requestIn(deps, 'PENDING', { reason: 'the other tab' });
    deps.requests.whenCalled('create', () => deps.requests.seed(winner));

    await requestKey(deps, createJob());

    expect(deps.requests.record(winner.requestId).reason).toBe('the other tab');
    expect(deps.requests.items.size).toBe(1);
    expect(answers(deps)).toEqual([alreadyPending(winner, [FAKE_APPROVER], 1).text]);
    expect(deps.audit.events).toEqual([]);
  });

  it('takes the next sequence number when the id it chose is already used by a closed request', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    deps.requests.whenCalled('create', () => deps.requests.seed(requestIn(deps, 'DENIED')));

    await requestKey(deps, createJob());

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
