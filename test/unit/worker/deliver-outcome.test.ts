import { describe, expect, it } from 'vitest';
import { runJob } from '../../../src/worker/run-job.js';
import { FAKE_APPROVER, FAKE_REGION, fakeDependencies } from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

// The worker sends what the presenter made of an outcome (see presenters.test.ts for each kind):
// to the job's origin or someone's DM, replacing or not, then App Home and a key's follow-ups.

describe('the worker delivers an outcome', () => {
  it('completes a decision whose answer cannot be sent, and logs that the requester was not told', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');
    deps.messenger.failNext('directMessage', 'cannot_dm_bot');

    await runJob(deps, {
      kind: 'decide',
      userId: FAKE_APPROVER,
      requestId: request.requestId,
      approve: false,
      responseUrl: RESPONSE_URL,
    });

    expect(deps.requests.record(request.requestId).state).toBe('DENIED');
    expect(deps.messenger.attempts.map((call) => [call.method, call.to, call.failed])).toEqual([
      ['directMessage', REQUESTER, 'cannot_dm_bot'],
    ]);
    expect(deps.logger.messages('warn')).toContain('could not answer the user');
    expect(deps.logger.messages('error')).toEqual([]);
  });

  it('draws the approver’s App Home again after a decision made there', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');

    await runJob(deps, {
      kind: 'decide',
      userId: FAKE_APPROVER,
      requestId: request.requestId,
      approve: true,
    });

    expect(deps.messenger.calls.map((call) => [call.method, call.to])).toEqual([
      ['directMessage', REQUESTER],
      ['publishHome', FAKE_APPROVER],
    ]);
  });

  it('answers a failed click on Create key now with a new message, leaving the button in place', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED');
    deps.keys.failNext('listKeys', { reason: 'service_unavailable' });

    await runJob(deps, {
      kind: 'issue',
      userId: REQUESTER,
      requestId: request.requestId,
      responseUrl: RESPONSE_URL,
      fromButton: true,
    });

    const answers = deps.messenger.callsOf('respond');
    expect(answers.map((call) => [call.to, call.message?.replaceOriginal])).toEqual([[RESPONSE_URL, false]]);
    const ref = String(
      deps.logger.entries.find((e) => e.message === 'ListBucketAccessKeys failed')?.extra?.ref,
    );
    expect(JSON.stringify(answers[0]?.message)).toContain(ref);
  });

  it('explains a failed command in place of its “Working on it”', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    deps.keys.failNext('listKeys', { reason: 'service_unavailable' });

    await runJob(deps, {
      kind: 'create',
      userId: REQUESTER,
      bucket: BUCKET,
      reason: 'deploy',
      responseUrl: RESPONSE_URL,
    });

    const answers = deps.messenger.callsOf('respond');
    expect(answers.map((call) => [call.to, call.message?.replaceOriginal])).toEqual([[RESPONSE_URL, true]]);
    expect(deps.requests.items.size).toBe(0);
  });

  it('answers a delivered rotation first, then starts retiring the old key', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: 'AKIAOLDKEY0000000001' }]);
    const old = seeded(deps, 'ISSUED', { seq: 1, accessKeyId: 'AKIAOLDKEY0000000001' });
    const successor = seeded(deps, 'APPROVED', {
      seq: 2,
      rotates: { accessKeyId: 'AKIAOLDKEY0000000001', requestId: old.requestId },
    });

    await runJob(deps, {
      kind: 'issue',
      userId: REQUESTER,
      requestId: successor.requestId,
      responseUrl: RESPONSE_URL,
      fromButton: true,
    });

    expect(deps.messenger.calls.map((call) => [call.method, call.message?.replaceOriginal])).toEqual([
      ['ephemeralDirectMessage', undefined],
      ['respond', true],
      ['directMessage', undefined],
    ]);
    expect(deps.requests.record(old.requestId).state).toBe('RETIRING');
  });
});
