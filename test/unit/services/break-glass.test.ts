import { describe, expect, it } from 'vitest';
import { requestIdFor } from '../../../src/domain/request-id.js';
import { requestKey } from '../../../src/services/request/request-key.js';
import { FAKE_REGION, fakeDependencies, policyOf } from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, requestIn } from '../../support/request-fixtures.js';

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

describe('break-glass: one open request, and a review before the key', () => {
  it('supersedes a pending request the index did not show, rather than opening a second beside it', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    // A create of the same person lands first at the number the break-glass takes; the index
    // the break-glass read a moment ago did not show it.
    const pending = requestIn(deps, 'PENDING', { seq: 1 });
    deps.requests.whenCalled('create', () => deps.requests.seed(pending));

    await requestKey(deps, breakGlassJob);

    expect(deps.requests.record(pending.requestId).state).toBe('CANCELLED');
    const glass = deps.requests.record(requestIdFor(REQUESTER, BUCKET, 2));
    expect(glass).toMatchObject({ state: 'ISSUED', breakGlass: true });
    expect(deps.audit.events.find((e) => e.type === 'request_cancelled')?.detail).toBe(
      'superseded by a break-glass',
    );
  });

  it('files the review before the key exists, so a worker that dies on the create is still announced', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const filedAtCreate: boolean[] = [];
    deps.keys.whenCalled('createKey', () => filedAtCreate.push(deps.reviews.items.size === 1));

    await requestKey(deps, breakGlassJob);

    expect(filedAtCreate).toEqual([true]);
  });

  it('makes no key when the review cannot be filed, and gives the self-approval back', async () => {
    const deps = fakeDependencies({ policy: policy() });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const schedule = deps.reviews.schedule.bind(deps.reviews);
    deps.reviews.schedule = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };

    await requestKey(deps, breakGlassJob);

    expect(deps.keys.callsOf('createKey')).toEqual([]);
    expect(deps.requests.record(requestIdFor(REQUESTER, BUCKET, 1)).state).toBe('APPROVED');
    deps.reviews.schedule = schedule;
  });
});
