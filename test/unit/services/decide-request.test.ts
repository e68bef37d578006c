import { describe, expect, it } from 'vitest';
import { decideRequest } from '../../../src/services/request/decide-request.js';
import { decidedRequestCard } from '../../../src/slack/messages/approval-request.js';
import {
  alreadyDecided,
  notAnApprover,
  selfApprovalRefused,
  unknownRequest,
} from '../../../src/slack/messages/approver-replies.js';
import { alreadyApprovedByYou, approvalCounted } from '../../../src/slack/messages/quorum-messages.js';
import { approvedDm, deniedDm } from '../../../src/slack/messages/requester-replies.js';
import { FAKE_APPROVER, type FakeDependencies, fakeDependencies, policyOf } from '../../support/fakes.js';
import { REQUESTER, RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

const SECOND_APPROVER = 'UAPPROVER2';
const CARD = { channel: 'CAPPROVALS', ts: '1700000000.000001' };

const decideJob = (
  requestId: string,
  approve: boolean,
  userId = FAKE_APPROVER,
  responseUrl: string | undefined = RESPONSE_URL,
) => ({
  kind: 'decide' as const,
  userId,
  requestId,
  approve,
  ...(responseUrl ? { responseUrl } : {}),
});

const answers = (deps: FakeDependencies) =>
  deps.messenger.callsOf('respond').map((call) => call.message?.text);

/** Two approvers must each approve. */
const quorumOfTwo = () =>
  fakeDependencies({
    policy: policyOf({ approvalsRequired: 2 }, { approvers: [FAKE_APPROVER, SECOND_APPROVER] }),
  });

describe('decideRequest: who may decide', () => {
  it('answers a request id it does not know', async () => {
    const deps = fakeDependencies();

    await decideRequest(deps, decideJob('REQ-AAAAAAAA-1', true));

    expect(answers(deps)).toEqual([unknownRequest().text]);
  });

  it('refuses someone who is not an approver of the bucket, audits it, and changes nothing', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');

    await decideRequest(deps, decideJob(request.requestId, true, 'UBYSTANDER'));

    expect(deps.requests.record(request.requestId)).toEqual(request);
    expect(deps.audit.events.map((e) => [e.type, e.actorId])).toEqual([
      ['refused_not_approver', 'UBYSTANDER'],
    ]);
    expect(answers(deps)).toEqual([notAnApprover(request).text]);
  });

  it('refuses an approver deciding their own request', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { requesterId: FAKE_APPROVER });

    await decideRequest(deps, decideJob(request.requestId, true));

    expect(deps.requests.record(request.requestId).state).toBe('PENDING');
    expect(deps.audit.types()).toEqual(['refused_self_approval']);
    expect(answers(deps)).toEqual([selfApprovalRefused().text]);
  });

  it('accepts a member of an approver group and records the group as how they qualified', async () => {
    const deps = fakeDependencies({ policy: policyOf(undefined, { approvers: ['SAPPROVERS'] }) });
    deps.directory.setGroup('SAPPROVERS', ['UMEMBER001']);
    const request = seeded(deps, 'PENDING');

    await decideRequest(deps, decideJob(request.requestId, true, 'UMEMBER001'));

    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.audit.events[0]).toMatchObject({ type: 'request_approved', via: 'SAPPROVERS' });
  });

  it('lets an escalateTo person decide only once every reminder went unanswered', async () => {
    const rules = { reminders: { after: '1h', times: 2, escalateTo: ['UESCALATE1'] } };
    const deps = fakeDependencies({ policy: policyOf(rules) });
    const early = seeded(deps, 'PENDING', { seq: 1, remindersSent: 1 });
    const late = seeded(deps, 'PENDING', { seq: 2, remindersSent: 2 });

    await decideRequest(deps, decideJob(early.requestId, false, 'UESCALATE1'));
    await decideRequest(deps, decideJob(late.requestId, false, 'UESCALATE1'));

    expect(deps.requests.record(early.requestId).state).toBe('PENDING');
    expect(deps.requests.record(late.requestId).state).toBe('DENIED');
  });
});

describe('decideRequest: one decision', () => {
  it('approves: one write to APPROVED with its expiry, audited, card updated, requester told', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });

    await decideRequest(deps, decideJob(request.requestId, true));

    const stored = deps.requests.record(request.requestId);
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
    expect(deps.messenger.callsOf('update')[0]?.message).toEqual(decidedRequestCard(stored));
    expect(deps.messenger.callsOf('directMessage').map((c) => [c.to, c.message?.text])).toEqual([
      [REQUESTER, approvedDm(stored, deps.settings.approvalTtlMs).text],
    ]);
    expect(deps.messenger.callsOf('publishHome')).toEqual([]);
  });

  it('denies: PENDING → DENIED with no deadline left, and the requester is told', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');

    await decideRequest(deps, decideJob(request.requestId, false));

    const stored = deps.requests.record(request.requestId);
    expect(stored.state).toBe('DENIED');
    expect(stored.dueAt).toBeUndefined();
    expect(deps.audit.types()).toEqual(['request_denied']);
    expect(deps.messenger.callsOf('directMessage')[0]?.message?.text).toBe(deniedDm(stored).text);
  });

  it('refreshes the approver’s App Home when the click came from there', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');

    await decideRequest(deps, decideJob(request.requestId, false, FAKE_APPROVER, ''));

    expect(deps.messenger.callsOf('publishHome').map((c) => c.to)).toEqual([FAKE_APPROVER]);
  });

  it('still completes the decision when the card cannot be updated', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });
    deps.messenger.failNext('update', 'message_not_found');

    await decideRequest(deps, decideJob(request.requestId, true));

    expect(deps.requests.record(request.requestId).state).toBe('APPROVED');
    expect(deps.messenger.callsOf('directMessage')).toHaveLength(1);
    expect(deps.logger.messages('warn')).toContain('could not update the approval card');
  });
});

describe('decideRequest: concurrent and late clicks', () => {
  it('tells the loser of a concurrent denial that the request was decided, with the winner’s outcome', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');
    // Another approver's approval lands between our read and our write.
    deps.requests.whenCalled('decide', () =>
      deps.requests.seed({ ...request, state: 'APPROVED', decidedBy: SECOND_APPROVER }),
    );

    await decideRequest(deps, decideJob(request.requestId, false));

    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'APPROVED', decidedBy: SECOND_APPROVER });
    expect(answers(deps)).toEqual([alreadyDecided(stored).text]);
    expect(deps.audit.events).toEqual([]);
  });

  it('tells the loser of a concurrent approval that the request was decided', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING');
    deps.requests.whenCalled('approve', () =>
      deps.requests.seed({ ...request, state: 'DENIED', decidedBy: SECOND_APPROVER }),
    );

    await decideRequest(deps, decideJob(request.requestId, true));

    expect(deps.requests.record(request.requestId).state).toBe('DENIED');
    expect(answers(deps)[0]).toBe(alreadyDecided(deps.requests.record(request.requestId)).text);
    expect(deps.messenger.callsOf('directMessage')).toEqual([]);
  });

  it('does not decide a pending request whose deadline has passed', async () => {
    const deps = fakeDependencies();
    const request = seeded(deps, 'PENDING', { dueAt: '2026-05-01T08:59:59.000Z' });

    await decideRequest(deps, decideJob(request.requestId, true));

    expect(deps.requests.record(request.requestId).state).toBe('PENDING');
    expect(answers(deps)).toEqual([alreadyDecided(request).text]);
  });
});

describe('decideRequest: a quorum of approvals', () => {
  it('counts a first approval without deciding: still PENDING, audited as given, card and approver updated', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING', { approvalMessage: CARD });

    await decideRequest(deps, decideJob(request.requestId, true));

    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'PENDING', approvals: [FAKE_APPROVER] });
    expect(deps.audit.events.map((e) => [e.type, e.detail])).toEqual([['approval_given', '1 of 2']]);
    expect(deps.messenger.callsOf('update')).toHaveLength(1);
    expect(answers(deps)).toEqual([approvalCounted(stored, 2).text]);
    expect(deps.messenger.callsOf('directMessage')).toEqual([]);
  });

  it('the approval that completes the quorum moves the request to APPROVED', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING', { approvals: [SECOND_APPROVER] });

    await decideRequest(deps, decideJob(request.requestId, true));

    expect(deps.requests.record(request.requestId)).toMatchObject({
      state: 'APPROVED',
      approvals: [SECOND_APPROVER, FAKE_APPROVER],
      decidedBy: FAKE_APPROVER,
    });
    expect(deps.audit.types()).toEqual(['request_approved']);
  });

  it('counts a second click by the same approver once', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING', { approvals: [FAKE_APPROVER] });

    await decideRequest(deps, decideJob(request.requestId, true));

    expect(deps.requests.record(request.requestId).approvals).toEqual([FAKE_APPROVER]);
    expect(answers(deps)).toEqual([alreadyApprovedByYou(request, 2).text]);
    expect(deps.requests.calls).not.toContain('approve');
  });

  it('retries on the fresh record when another approval raced ours, and completes the quorum', async () => {
    const deps = quorumOfTwo();
    const request = seeded(deps, 'PENDING');
    deps.requests.whenCalled('approve', () =>
      deps.requests.seed({ ...request, approvals: [SECOND_APPROVER] }),
    );

    await decideRequest(deps, decideJob(request.requestId, true));

    expect(deps.requests.calls.filter((call) => call === 'approve')).toHaveLength(2);
    expect(deps.requests.record(request.requestId)).toMatchObject({
      state: 'APPROVED',
      approvals: [SECOND_APPROVER, FAKE_APPROVER],
    });
  });
});
