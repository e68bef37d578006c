import { describe, expect, it } from 'vitest';
import { decideRequest } from '../../../src/services/request/decide-request.js';
import { approvalRequestCard, decidedRequestCard } from '../../../src/slack/messages/approval-request.js';
import { FAKE_APPROVER, fakeDependencies, policyOf } from '../../support/fakes.js';
import { RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

const SECOND_APPROVER = 'UAPPROVER2';
const CARD = { channel: 'CAPPROVALS', ts: '1700000000.000001' };

const decideJob = (requestId: string, approve: boolean, userId = FAKE_APPROVER) => ({
  kind: 'decide' as const,
  userId,
  requestId,
  approve,
  responseUrl: RESPONSE_URL,
});

/** Two approvers must each approve. */
const quorumOfTwo = () =>
  fakeDependencies({
    policy: policyOf({ approvalsRequired: 2 }, { approvers: [FAKE_APPROVER, SECOND_APPROVER] }),
  });

describe('decideRequest: who may decide', () => {
  it('returns unknown_request for a request id it does not know, writing nothing', async () => {
    const deps = fakeDependencies();

    const outcome = await decideRequest(deps, decideJob('REQ-AAAAAAAA-1', true));

    expect(outcome).toEqual({ kind: 'unknown_request' });
    expect(deps.requests.calls).toEqual(['get']);
    expect(deps.audit.events).toEqual([]);
  });

  it('refuses someone who is not an approver of the bucket, audits it, and changes nothing', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');

    const outcome = await decideRequest(deps, decideJob(request.requestId, true, 'UBYSTANDER'));

    expect(outcome).toEqual({ kind: 'not_an_approver', request });
    expect(deps.requests.record(request.requestId)).toEqual(request);
    expect(deps.audit.events.map((e) => [e.type, e.actorId])).toEqual([
      ['refused_not_approver', 'UBYSTANDER'],
    ]);
  });

  it('refuses an approver deciding their own request, and audits it', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { requesterId: FAKE_APPROVER });

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    expect(outcome).toEqual({ kind: 'self_approval_refused' });
    expect(deps.requests.record(request.requestId).state).toBe('PENDING');
    expect(deps.audit.types()).toEqual(['refused_self_approval']);
  });

  it('accepts a member of an approver group and records the group as how they qualified', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { approvers: ['SAPPROVERS'] }) });
    deps.directory.setGroup('SAPPROVERS', ['UMEMBER001']);
    const request = seeded(deps, 'PENDING');

    const outcome = await decideRequest(deps, decideJob(request.requestId, true, 'UMEMBER001'));

    expect(outcome).toMatchObject({ kind: 'request_decided', approved: true });
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.audit.events[0]).toMatchObject({ type: 'request_approved', via: 'SAPPROVERS' });
  });

  it('lets an escalateTo person decide only once every reminder went unanswered', async () => {
    const rules = { reminders: { after: '1h', times: 2, escalateTo: ['UESCALATE1'] } };
    const deps = fakeDependencies({ policy: policyOf(rules) });
    const early = seeded(deps, 'PENDING', { seq: 1, remindersSent: 1 });
    const late = seeded(deps, 'PENDING', { seq: 2, remindersSent: 2 });

    const tooEarly = await decideRequest(deps, decideJob(early.requestId, false, 'UESCALATE1'));
    const inTime = await decideRequest(deps, decideJob(late.requestId, false, 'UESCALATE1'));

    expect(tooEarly).toEqual({ kind: 'not_an_approver', request: early });
    expect(inTime).toMatchObject({ kind: 'request_decided', approved: false });
    expect(deps.requests.record(early.requestId).state).toBe('PENDING');
    expect(deps.requests.record(late.requestId).state).toBe('DENIED');
  });
});

describe('decideRequest: one decision', () => {
  it('approves: one write to APPROVED with its expiry, audited, card updated; returns request_decided', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    const stored = deps.requests.record(request.requestId);
    expect(outcome).toEqual({
      kind: 'request_decided',
      request: stored,
      approved: true,
      approvalTtlMs: deps.settings.approvalTtlMs,
    });
    const expiresAt = new Date(deps.clock.now().getTime() + deps.settings.approvalTtlMs).toISOString();
    expect(stored).toMatchObject({
      state: 'APPROVED',
      decidedBy: FAKE_APPROVER,
      approvalExpiresAt: expiresAt,
      dueAt: expiresAt,
    });
    expect(deps.audit.events.map((e) => [e.type, e.actorId, e.via])).toEqual([
      ['request_approved', FAKE_APPROVER, FAKE_APPROVER],
    ]);
    expect(deps.messenger.callsOf('update').map((c) => [c.thread, c.message])).toEqual([
      [CARD, decidedRequestCard(stored)],
    ]);
    // The requester is told by the presenter, from the outcome: the service sends nothing else.
    expect(deps.messenger.calls.map((c) => c.method)).toEqual(['update']);
  });

  it('denies: PENDING → DENIED with no deadline left; returns request_decided, not approved', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');

    const outcome = await decideRequest(deps, decideJob(request.requestId, false));

    const stored = deps.requests.record(request.requestId);
    expect(outcome).toEqual({
      kind: 'request_decided',
      request: stored,
      approved: false,
      approvalTtlMs: deps.settings.approvalTtlMs,
    });
    expect(stored.state).toBe('DENIED');
    expect(stored.dueAt).toBeUndefined();
    expect(deps.audit.types()).toEqual(['request_denied']);
  });

  it('still completes the decision when the card cannot be updated', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });
    deps.messenger.failNext('update', 'message_not_found');

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    expect(outcome).toMatchObject({ kind: 'request_decided', approved: true });
    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.audit.types()).toEqual(['request_approved']);
    expect(deps.logger.messages('warn')).toContain('could not update the approval card');
  });
});

describe('decideRequest: concurrent and late clicks', () => {
  it('returns already_decided, with the winner’s record, to the loser of a concurrent denial', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');
    // Another approver's approval lands between our read and our write.
    deps.requests.whenCalled('decide', () =>
      deps.requests.seed({ ...request, state: 'APPROVED', decidedBy: SECOND_APPROVER }),
    );

    const outcome = await decideRequest(deps, decideJob(request.requestId, false));

    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'APPROVED', decidedBy: SECOND_APPROVER });
    expect(outcome).toEqual({ kind: 'already_decided', request: stored });
    expect(deps.audit.events).toEqual([]);
  });

  it('returns already_decided to the loser of a concurrent approval, and changes nothing', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');
    deps.requests.whenCalled('approve', () =>
      deps.requests.seed({ ...request, state: 'DENIED', decidedBy: SECOND_APPROVER }),
    );

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'DENIED', decidedBy: SECOND_APPROVER });
    expect(outcome).toEqual({ kind: 'already_decided', request: stored });
    expect(deps.audit.events).toEqual([]);
  });

  it('does not decide a pending request whose deadline has passed: already_decided', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { dueAt: '2026-05-01T08:59:59.000Z' });

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    expect(outcome).toEqual({ kind: 'already_decided', request });
    expect(deps.requests.record(request.requestId).state).toBe('PENDING');
  });
});

describe('decideRequest: a quorum of approvals', () => {
  it('counts a first approval without deciding: still PENDING, audited as given, card updated; approval_counted', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    const stored = deps.requests.record(request.requestId);
    expect(outcome).toEqual({ kind: 'approval_counted', request: stored, approvalsRequired: 2 });
    expect(stored).toMatchObject({ state: 'PENDING', approvals: [FAKE_APPROVER] });
    expect(deps.audit.events.map((e) => [e.type, e.detail])).toEqual([['approval_given', '1 of 2']]);
    // The card shows the progress and keeps its buttons.
    const approvers = [FAKE_APPROVER, SECOND_APPROVER];
    expect(deps.messenger.callsOf('update').map((c) => [c.thread, c.message])).toEqual([
      [CARD, approvalRequestCard(stored, { approvers, approvalsRequired: 2 })],
    ]);
  });

  it('the approval that completes the quorum moves the request to APPROVED', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING', { approvals: [SECOND_APPROVER] });

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({
      state: 'APPROVED',
      approvals: [SECOND_APPROVER, FAKE_APPROVER],
      decidedBy: FAKE_APPROVER,
    });
    expect(outcome).toMatchObject({ kind: 'request_decided', request: stored, approved: true });
    expect(deps.audit.types()).toEqual(['request_approved']);
  });

  it('counts a second click by the same approver once: already_approved_by_you', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING', { approvals: [FAKE_APPROVER] });

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    expect(outcome).toEqual({ kind: 'already_approved_by_you', request, approvalsRequired: 2 });
    expect(deps.requests.record(request.requestId).approvals).toEqual([FAKE_APPROVER]);
    expect(deps.requests.calls).not.toContain('approve');
    expect(deps.audit.events).toEqual([]);
  });

  it('retries on the fresh record when another approval raced ours, and completes the quorum', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING');
    deps.requests.whenCalled('approve', () =>
      deps.requests.seed({ ...request, approvals: [SECOND_APPROVER] }),
    );

    const outcome = await decideRequest(deps, decideJob(request.requestId, true));

    expect(outcome).toMatchObject({ kind: 'request_decided', approved: true });
    expect(deps.requests.calls.filter((call) => call === 'approve')).toHaveLength(2);
    expect(deps.requests.record(request.requestId)).toMatchObject({
      state: 'APPROVED',
      approvals: [SECOND_APPROVER, FAKE_APPROVER],
    });
  });
});
