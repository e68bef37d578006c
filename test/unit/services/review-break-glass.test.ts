import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import { GrantConflictError } from '../../../src/domain/errors.js';
import { grantFromApproval } from '../../../src/domain/grant.js';
import { reviewBreakGlass } from '../../../src/services/break-glass/review-break-glass.js';
import {
  FAKE_APPROVER,
  FAKE_CHANNEL,
  FAKE_REGION,
  type FakeDependencies,
  fakeDependencies,
  policyOf,
} from '../../support/fakes.js';
import { argsOf, recordNotices } from '../../support/notices.js';
import { BUCKET, REQUESTER, RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

const KEY = 'AKIABREAKGLASS000001';
const ALERT = { channel: FAKE_CHANNEL, ts: '1700000000.000001' };

const reviewJob = (requestId: string, revoke = false, userId = FAKE_APPROVER) => ({
  kind: 'review' as const,
  userId,
  requestId,
  revoke,
  responseUrl: RESPONSE_URL,
});

/** An issued break-glass with its alert posted and its grant open, its key on the bucket. */
function brokenGlass(deps: FakeDependencies, overrides: Partial<AccessRequest> = {}): AccessRequest {
  deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: KEY }]);
  const request = seeded(deps, 'ISSUED', {
    breakGlass: true,
    decidedBy: REQUESTER,
    accessKeyId: KEY,
    approvalMessage: ALERT,
    ...overrides,
  });
  deps.grants.seed(grantFromApproval(request, deps.clock.now(), undefined));
  return request;
}

describe('reviewBreakGlass: who may review', () => {
  it('answers a request id it does not know, and gives no notice', async () => {
    const deps = fakeDependencies();
    const notices = recordNotices(deps);

    expect(await reviewBreakGlass(deps, reviewJob('REQ-AAAAAAAA-1'))).toEqual({ kind: 'unknown_request' });
    expect(notices).toEqual([]);
  });

  it('refuses a request that is not a break-glass', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'ISSUED');

    expect(await reviewBreakGlass(deps, reviewJob(request.requestId))).toEqual({ kind: 'not_a_break_glass' });
    expect(deps.audit.events).toEqual([]);
  });

  it('refuses someone who is not an approver, audits the refusal, and leaves the grant open', async () => {
    const deps = fakeDependencies();
    const request = brokenGlass(deps);

    const outcome = await reviewBreakGlass(deps, reviewJob(request.requestId, true, 'UBYSTANDER'));

    expect(outcome).toEqual({ kind: 'not_an_approver', request });
    expect(deps.audit.events.map((e) => [e.type, e.detail])).toEqual([
      ['refused_break_glass_review', 'not an approver'],
    ]);
    expect(deps.keys.keyIds(BUCKET)).toEqual([KEY]);
    expect((await deps.grants.get(request.requestId))?.reviewedAt).toBeUndefined();
  });

  it('refuses the person who broke the glass, even as an approver', async () => {
    const deps = fakeDependencies();
    const request = brokenGlass(deps, { requesterId: FAKE_APPROVER, decidedBy: FAKE_APPROVER });

    expect(await reviewBreakGlass(deps, reviewJob(request.requestId))).toEqual({ kind: 'own_break_glass' });
    expect(deps.audit.events.map((e) => e.detail)).toEqual(['own break-glass']);
  });
});

describe('reviewBreakGlass: Reviewed and Revoke now', () => {
  it('records the review, closes the alert, and answers with the request as it now is', async () => {
    const deps = fakeDependencies();
    const request = brokenGlass(deps);
    const notices = recordNotices(deps);

    const outcome = await reviewBreakGlass(deps, reviewJob(request.requestId));

    expect(outcome).toEqual({ kind: 'review_recorded', request });
    const grant = await deps.grants.get(request.requestId);
    expect(grant).toMatchObject({ reviewedBy: FAKE_APPROVER, reviewRevoked: false });
    expect(argsOf(notices, 'breakGlassReviewed')).toEqual([[request, grant, undefined]]);
    expect(deps.messenger.callsOf('update').map((c) => c.thread)).toEqual([ALERT]);
    expect(deps.audit.types()).toEqual(['break_glass_reviewed']);
  });

  it('answers a second review with the first one, changing nothing', async () => {
    const deps = fakeDependencies({
      policy: policyOf(undefined, { approvers: [FAKE_APPROVER, 'UAPPROVER2'] }),
    });
    const request = brokenGlass(deps);
    await reviewBreakGlass(deps, reviewJob(request.requestId));
    const notices = recordNotices(deps);

    const outcome = await reviewBreakGlass(deps, reviewJob(request.requestId, true, 'UAPPROVER2'));

    expect(outcome).toMatchObject({
      kind: 'already_reviewed',
      requestId: request.requestId,
      review: { reviewedBy: FAKE_APPROVER },
    });
    expect(notices).toEqual([]);
    expect(deps.keys.keyIds(BUCKET)).toEqual([KEY]);
  });

  it('answers with the review that won when another approver reviewed it at the same moment', async () => {
    const deps = fakeDependencies();
    const request = brokenGlass(deps);
    const grant = (await deps.grants.get(request.requestId))!;
    const winner = { reviewedBy: 'UAPPROVER2', reviewedAt: deps.clock.now().toISOString() };
    // The other review's conditional write lands first; this one's fails with the grant as it is.
    const current = { ...grant, ...winner, reviewRevoked: false };
    deps.grants.failNext('markReviewed', new GrantConflictError('condition failed', current));

    const outcome = await reviewBreakGlass(deps, reviewJob(request.requestId));

    expect(outcome).toMatchObject({ kind: 'already_reviewed', review: winner });
    expect(deps.audit.types()).toEqual([]);
  });

  it('revokes the whole grant with Revoke now, and closes the alert naming the keys deleted', async () => {
    const deps = fakeDependencies();
    const request = brokenGlass(deps);
    const notices = recordNotices(deps);

    const outcome = await reviewBreakGlass(deps, reviewJob(request.requestId, true));

    expect(outcome).toMatchObject({ kind: 'review_recorded', request: { state: 'REVOKED' } });
    expect(deps.keys.keyIds(BUCKET)).toEqual([]);
    expect(argsOf(notices, 'breakGlassReviewed').map(([, , deleted]) => deleted)).toEqual([[KEY]]);
  });

  it('keeps the review open when a key survives Revoke now, and says which on the alert and in the answer', async () => {
    const deps = fakeDependencies();
    const request = brokenGlass(deps);
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable' });
    const notices = recordNotices(deps);

    const outcome = await reviewBreakGlass(deps, reviewJob(request.requestId, true));

    expect(outcome).toEqual({ kind: 'revoke_unfinished', requestId: request.requestId, surviving: [KEY] });
    expect((await deps.grants.get(request.requestId))?.reviewedAt).toBeUndefined();
    const [[alerted, surviving]] = argsOf(notices, 'breakGlassRevokeUnfinished') as [
      [AccessRequest, unknown],
    ];
    expect(alerted.requestId).toBe(request.requestId);
    expect(surviving).toEqual([
      { accessKeyId: KEY, requestId: request.requestId, error: expect.any(String) },
    ]);
    expect(argsOf(notices, 'breakGlassReviewed')).toEqual([]);
    expect(deps.audit.types()).toContain('break_glass_review_failed');
  });

  it('still records the review when the alert cannot be updated: the card is the notice’s to log', async () => {
    const deps = fakeDependencies();
    const request = brokenGlass(deps);
    deps.messenger.failNext('update', 'message_not_found');

    const outcome = await reviewBreakGlass(deps, reviewJob(request.requestId));

    expect(outcome.kind).toBe('review_recorded');
    expect(deps.logger.messages('warn')).toContain('could not update the break-glass alert');
  });
});
