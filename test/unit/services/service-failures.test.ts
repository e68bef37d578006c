import { describe, expect, it } from 'vitest';
import { issueKey } from '../../../src/services/issue/issue-key.js';
import { FAKE_REGION, fakeDependencies } from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

/**
 * What the services do when the audit log or another service fails around a change. How the person
 * is told (a reference, never the error) is explainFailure's (test/unit/worker/explain-failure.test.ts);
 * an answer Slack refuses is the worker's (test/unit/worker/deliver-outcome.test.ts).
 */
describe('failures around a change', () => {
  it('keeps an issued key issued when its audit event cannot be written, and logs the lost event', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED');
    deps.audit.failNextAppend();

    const outcome = await issueKey(deps, {
      kind: 'issue',
      userId: REQUESTER,
      requestId: request.requestId,
      responseUrl: RESPONSE_URL,
    });

    expect(outcome).toMatchObject({ kind: 'key_delivered', request: { state: 'ISSUED' } });
    expect(deps.requests.record(request.requestId).state).toBe('ISSUED');
    const lost = deps.logger.entries.find((entry) => entry.message === 'audit append failed');
    expect(lost?.extra?.event).toMatchObject({ type: 'key_issued', requestId: request.requestId });
    expect(JSON.stringify(deps.logger.entries)).not.toContain('fake-secret-');
  });

  it('returns an unexpected failure as failed, with where it happened, and claims nothing', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED');
    const error = new Error('ProvisionedThroughputExceededException at Table.update');
    deps.keys.whenCalled('listKeys', () => {
      throw error;
    });

    const outcome = await issueKey(deps, {
      kind: 'issue',
      userId: REQUESTER,
      requestId: request.requestId,
      responseUrl: RESPONSE_URL,
    });

    expect(outcome).toEqual({
      kind: 'failed',
      error,
      where: { bucket: BUCKET, region: FAKE_REGION, action: 'ListBucketAccessKeys' },
    });
    expect(deps.requests.record(request.requestId)).toEqual(request);
    expect(deps.audit.events.map((e) => [e.type, e.detail])).toEqual([['key_issue_failed', 'Error']]);
    // The service says nothing itself: the worker explains the failure to the person.
    expect(deps.messenger.calls).toEqual([]);
  });
});
