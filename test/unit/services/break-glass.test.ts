import { describe, expect, it } from 'vitest';
import { requestIdFor } from '../../../src/domain/request-id.js';
import { requestKey } from '../../../src/services/request/request-key.js';
import { FAKE_REGION, fakeDependencies, policyOf } from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, requestIn, seeded } from '../../support/request-fixtures.js';

const policy = () =>
  policyOf({
    buckets: { [BUCKET]: { breakGlass: { allowed: [REQUESTER], maxPerDay: 1, keyMaxAge: '4h' } } },
  });
const breakGlassJob = {
  kind: 'create' as const,
  userId: REQUESTER,
  bucket: BUCKET,
  reason: 'prod is down',
  breakGlass: true,
  responseUrl: RESPONSE_URL,
};

describe('break-glass: who may break the glass, and what comes first', () => {
  it('refuses someone the policy does not allow, before listing or writing anything, and audits it', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);

    const outcome = await requestKey(deps, { ...breakGlassJob, userId: 'UOUTSIDER1' });

    expect(outcome).toEqual({ kind: 'break_glass_refused', bucket: BUCKET, why: 'not_allowed' });
    expect(deps.keys.calls).toEqual([]);
    expect(deps.requests.items.size).toBe(0);
    expect(deps.audit.events.map((e) => [e.type, e.actorId, e.detail])).toEqual([
      ['break_glass_refused', 'UOUTSIDER1', 'not in breakGlass.allowed'],
    ]);
  });

  it('refuses a break-glass without a reason, and audits it', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);

    const outcome = await requestKey(deps, { ...breakGlassJob, reason: '  ' });

    expect(outcome).toEqual({ kind: 'break_glass_refused', bucket: BUCKET, why: 'no_reason' });
    expect(deps.requests.items.size).toBe(0);
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['no reason given']);
  });

  it('refuses a second break-glass within the day when maxPerDay is 1, taking no key', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const first = await requestKey(deps, breakGlassJob);

    const second = await requestKey(deps, breakGlassJob);

    expect(first.kind).toBe('key_delivered');
    expect(second).toEqual({
      kind: 'break_glass_refused',
      bucket: BUCKET,
      why: 'limit_reached',
      maxPerDay: 1,
    });
    expect(deps.keys.callsOf('createKey')).toHaveLength(1);
    expect(deps.audit.events.at(-1)).toMatchObject({
      type: 'break_glass_refused',
      detail: 'breakGlass.maxPerDay (1) reached',
    });
  });

  it('returns issue_in_progress while a key of the person’s is being issued, using none of the day’s limit', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const issuing = seeded(deps, 'ISSUING');

    const outcome = await requestKey(deps, breakGlassJob);

    expect(outcome).toEqual({ kind: 'issue_in_progress', request: issuing });
    expect(deps.breakGlassUses.uses.size).toBe(0);
    expect(deps.keys.callsOf('createKey')).toEqual([]);
  });

  it('uses an approval already given instead of breaking the glass', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const approved = seeded(deps, 'APPROVED');

    const outcome = await requestKey(deps, breakGlassJob);

    expect(outcome).toMatchObject({ kind: 'key_delivered', request: { requestId: approved.requestId } });
    expect(deps.requests.record(approved.requestId).breakGlass).toBeUndefined();
    expect(deps.breakGlassUses.uses.size).toBe(0);
  });
});

describe('break-glass: one open request, and a review before the key', () => {
  it('supersedes a pending request the index did not show, rather than opening a second beside it', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    // A create of the same person lands first at the number the break-glass takes; the index
    // the break-glass read a moment ago did not show it.
    const pending = requestIn(deps, 'PENDING', { seq: 1 });
    deps.requests.whenCalled('create', () => deps.requests.seed(pending));

    const outcome = await requestKey(deps, breakGlassJob);

    expect(deps.requests.record(pending.requestId).state).toBe('CANCELLED');
    const glass = deps.requests.record(requestIdFor(REQUESTER, BUCKET, 2));
    expect(glass).toMatchObject({ state: 'ISSUED', breakGlass: true });
    expect(outcome).toMatchObject({ kind: 'key_delivered', request: glass });
    expect(deps.audit.events.find((e) => e.type === 'request_cancelled')?.detail).toBe(
      'superseded by a break-glass',
    );
  });

  it('files the review before the key exists, so a worker that dies on the create is still announced', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const filedAtCreate: boolean[] = [];
    deps.keys.whenCalled('createKey', () => filedAtCreate.push(deps.reviews.items.size === 1));

    const outcome = await requestKey(deps, breakGlassJob);

    expect(filedAtCreate).toEqual([true]);
    expect(outcome).toMatchObject({
      kind: 'key_delivered',
      request: { breakGlass: true },
      grant: { breakGlass: true, state: 'ACTIVE' },
    });
  });

  it('makes no key when the review cannot be filed, and gives the self-approval back', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const schedule = deps.reviews.schedule.bind(deps.reviews);
    deps.reviews.schedule = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };

    const outcome = await requestKey(deps, breakGlassJob);

    expect(outcome).toEqual({
      kind: 'failed',
      error: new Error('ProvisionedThroughputExceededException'),
      where: { bucket: BUCKET, region: FAKE_REGION, action: 'CreateBucketAccessKey' },
    });
    expect(deps.keys.callsOf('createKey')).toEqual([]);
    expect(deps.requests.record(requestIdFor(REQUESTER, BUCKET, 1)).state).toBe('APPROVED');
    deps.reviews.schedule = schedule;
  });
});
