import { describe, expect, it } from 'vitest';
import { issueKey } from '../../../src/services/issue/issue-key.js';
import { decideRequest } from '../../../src/services/request/decide-request.js';
import { FAKE_APPROVER, FAKE_REGION, fakeDependencies, textOf } from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

/** What the services do when the audit log or Slack fails around a change that already happened. */
describe('failures around a completed change', () => {
  it('keeps an issued key issued when its audit event cannot be written, and logs the lost event', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED');
    deps.audit.failNextAppend();

    await issueKey(deps, {
      kind: 'issue',
      userId: REQUESTER,
      requestId: request.requestId,
      responseUrl: RESPONSE_URL,
    });

    expect(deps.requests.record(request.requestId).state).toBe('ISSUED');
    const lost = deps.logger.entries.find((entry) => entry.message === 'audit append failed');
    expect(lost?.extra?.event).toMatchObject({ type: 'key_issued', requestId: request.requestId });
    expect(JSON.stringify(deps.logger.entries)).not.toContain('fake-secret-');
  });

  it('completes a decision whose reply cannot be sent, and logs that the approver was not answered', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');
    deps.messenger.failNext('directMessage', 'cannot_dm_bot');

    await decideRequest(deps, {
      kind: 'decide',
      userId: FAKE_APPROVER,
      requestId: request.requestId,
      approve: false,
    });

    expect(deps.requests.record(request.requestId).state).toBe('DENIED');
    expect(deps.logger.messages('warn')).toContain('could not answer the user');
  });

  it('answers an unexpected failure with a reference to its log line, never with the error itself', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    const request = seeded(deps, 'APPROVED');
    deps.keys.whenCalled('listKeys', () => {
      throw new Error('ProvisionedThroughputExceededException at Table.update');
    });

    await issueKey(deps, {
      kind: 'issue',
      userId: REQUESTER,
      requestId: request.requestId,
      responseUrl: RESPONSE_URL,
    });

    const [answer] = deps.messenger.callsOf('respond');
    const shown = answer ? textOf(answer) : '';
    const logged = deps.logger.entries.find((entry) => entry.message === 'ListBucketAccessKeys failed');
    expect(shown).toContain(String(logged?.extra?.ref));
    expect(shown).not.toContain('ProvisionedThroughput');
  });
});
