import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import type { Grant } from '../../../src/domain/grant.js';
import type { BucketKey } from '../../../src/ports/key-issuer.js';
import type { SlackMessage } from '../../../src/ports/messenger.js';
import { blockKitBreaches, describeBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import type { BreakGlassRefusal } from '../../../src/services/break-glass/break-glass.js';
import type { StatusOutcome } from '../../../src/services/home/show-status.js';
import type { IssueOutcome } from '../../../src/services/issue/issue-outcome.js';
import type { CancelOutcome } from '../../../src/services/request/cancel-request.js';
import type { DecideOutcome } from '../../../src/services/request/decide-outcome.js';
import type { CreateOutcome } from '../../../src/services/request/request-key.js';
import type { ListOutcome } from '../../../src/services/revoke-rotate/list-keys.js';
import type { RevokeOutcome } from '../../../src/services/revoke-rotate/revoke-key.js';
import type { RotateOutcome, RotateRefusal } from '../../../src/services/revoke-rotate/rotate-key.js';
import { presentCreate, presentRotate } from '../../../src/slack/presenter/create-presenters.js';
import type { Presentation } from '../../../src/slack/presenter/deliveries.js';
import {
  failureReplacesFor,
  type IssueOrigin,
  presentIssue,
} from '../../../src/slack/presenter/issue-presenters.js';
import { presentList, presentRevoke } from '../../../src/slack/presenter/key-presenters.js';
import {
  presentCancel,
  presentDecide,
  presentStatus,
} from '../../../src/slack/presenter/request-presenters.js';

// Every outcome kind of every use case that returns one, rendered for each origin its job can have:
// where each message goes, whether it replaces the message the job came from, whether App Home is
// drawn again, and that Slack would accept every message. The samples and the expectations are
// records keyed by kind, so an outcome kind without a sample or an expectation fails typecheck.

type Answered<O> = Exclude<O, { kind: 'failed' }>;
type OfKind<O, K> = Extract<O, { kind: K }>;
type Outcome = { kind: string };

/** At least one sample of every kind of `O`. */
type Samples<O extends Outcome> = { [K in O['kind']]: readonly [OfKind<O, K>, ...OfKind<O, K>[]] };

/** A delivery as the table states it: 'origin' (where the job came from) or whose DM, and whether it replaces. */
type Sent = readonly [to: string, replaces: boolean];
interface Expected {
  sent: readonly Sent[];
  refreshHome: boolean;
}
/** What every kind of `O` must come to, for an origin. */
type Policy<O extends Outcome, Origin> = {
  [K in O['kind']]: (origin: Origin, outcome: OfKind<O, K>) => Expected;
};

// ---------------------------------------------------------------------------------------------
// Worst-case facts: the longest names Slack and Lightsail allow, text that grows when escaped.

const BUCKET = `b${'x'.repeat(52)}z`;
const KEY = `AKIA${'Z'.repeat(124)}`;
const OTHER_KEY = `AKIA${'Y'.repeat(124)}`;
const REQUESTER = `U${'R'.repeat(20)}`;
const APPROVER = `U${'A'.repeat(20)}`;
const APPROVERS = Array.from({ length: 50 }, (_, i) => `U${String(i).padStart(20, '0')}`);
const AT = '2026-11-01T10:00:00.000Z';
const LATER = '2026-11-02T10:00:00.000Z';

function request(state: AccessRequest['state'], over: Partial<AccessRequest> = {}): AccessRequest {
  const seq = over.seq ?? 99_999;
  return {
    requestId: `REQ-ABCDEFGH-${seq}`,
    seq,
    requesterId: REQUESTER,
    bucket: BUCKET,
    region: 'ap-southeast-2',
    // The longest reason, every character of it escaped on the way into Slack.
    reason: '<&>'.repeat(100),
    state,
    createdAt: AT,
    dueAt: LATER,
    ...over,
  };
}

const pending = request('PENDING', { approvals: APPROVERS.slice(0, 9) });
const approved = request('APPROVED', { decidedBy: APPROVER, decidedAt: AT, approvalExpiresAt: LATER });
const issuing = request('ISSUING', { decidedBy: APPROVER, claimToken: 'claim-token', claimedAt: AT });
const issued = request('ISSUED', {
  decidedBy: APPROVER,
  accessKeyId: KEY,
  issuedAt: AT,
  keyExpiresAt: LATER,
  grantId: 'REQ-ABCDEFGH-99998',
  rotates: { accessKeyId: OTHER_KEY, requestId: 'REQ-ABCDEFGH-99998' },
});
const grant: Grant = {
  grantId: 'REQ-ABCDEFGH-99998',
  holderId: REQUESTER,
  bucket: BUCKET,
  region: 'ap-southeast-2',
  approvers: APPROVERS.slice(0, 10),
  approvedAt: AT,
  expiresAt: LATER,
  state: 'ACTIVE',
  requestIds: ['REQ-ABCDEFGH-99998', issued.requestId],
};
const keys: BucketKey[] = [KEY, OTHER_KEY].map((accessKeyId) => ({
  accessKeyId,
  status: 'Active',
  createdAt: new Date(AT),
  lastUsedAt: new Date(AT),
  lastUsedRegion: 'ap-southeast-2',
  lastUsedService: 's3',
}));
const RETRY_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------
// Samples

const issueSamples: Samples<Answered<IssueOutcome>> = {
  unknown_request: [{ kind: 'unknown_request' }],
  request_not_yours: [{ kind: 'request_not_yours' }],
  bucket_no_longer_allowed: [{ kind: 'bucket_no_longer_allowed', request: issuing }],
  approval_not_usable: [
    { kind: 'approval_not_usable', request: issued },
    { kind: 'approval_not_usable', request: issuing },
    { kind: 'approval_not_usable', request: pending },
    { kind: 'approval_not_usable', request: approved },
    { kind: 'approval_not_usable', request: request('EXPIRED') },
  ],
  key_limit_reached: [{ kind: 'key_limit_reached', bucket: BUCKET, keys }],
  grant_ended_before_issue: [{ kind: 'grant_ended_before_issue', request: issuing }],
  create_failed: [
    { kind: 'create_failed', request: issuing, settled: true, retryAfterMs: RETRY_MS },
    { kind: 'create_failed', request: issuing, settled: false, retryAfterMs: RETRY_MS },
  ],
  create_outcome_unknown: [{ kind: 'create_outcome_unknown', request: issuing, retryAfterMs: RETRY_MS }],
  key_not_recorded: [
    { kind: 'key_not_recorded', request: issuing, accessKeyId: KEY, retryAfterMs: RETRY_MS },
  ],
  delivery_failed: [
    { kind: 'delivery_failed', request: issuing, grantRevoked: false },
    { kind: 'delivery_failed', request: issuing, grantRevoked: true },
  ],
  key_delivered: [
    { kind: 'key_delivered', request: issued, grant },
    {
      kind: 'key_delivered',
      request: { ...issued, breakGlass: true },
      grant: { ...grant, breakGlass: true },
    },
  ],
};

/** Every reason a break-glass is refused: a new one needs a sample here. */
const breakGlassRefusals: Record<BreakGlassRefusal['why'], BreakGlassRefusal> = {
  not_allowed: { why: 'not_allowed' },
  no_reason: { why: 'no_reason' },
  limit_reached: { why: 'limit_reached', maxPerDay: 1_000_000 },
};

const createSamples: Samples<Answered<CreateOutcome>> = {
  ...issueSamples,
  bucket_not_allowed: [{ kind: 'bucket_not_allowed', bucket: BUCKET }],
  reason_shortfall: [
    {
      kind: 'reason_shortfall',
      shortfall: 'This bucket requires a reason of at least 300 characters (reasonMinLength); yours has 299.',
    },
  ],
  lifetime_too_long: [{ kind: 'lifetime_too_long', bucket: BUCKET, maxAgeMs: 400 * 86_400_000 }],
  issue_in_progress: [{ kind: 'issue_in_progress', request: issuing }],
  already_pending: [
    { kind: 'already_pending', request: pending, approvers: APPROVERS, approvalsRequired: 10 },
    { kind: 'already_pending', request: request('PENDING'), approvers: APPROVERS, approvalsRequired: 1 },
  ],
  request_created: [{ kind: 'request_created', request: request('PENDING'), approvers: APPROVERS }],
  approvers_not_notified: [
    { kind: 'approvers_not_notified', request: request('PENDING'), slackError: 'not_in_channel' },
  ],
  break_glass_refused: toNonEmpty(
    Object.values(breakGlassRefusals).map((why) => ({
      kind: 'break_glass_refused' as const,
      bucket: BUCKET,
      ...why,
    })),
  ),
};

/** Every reason a rotation is refused: a new one needs a sample here. */
const rotateRefusals: Record<RotateRefusal['why'], RotateRefusal> = {
  not_issued: { why: 'not_issued' },
  not_yours: { why: 'not_yours' },
  bucket_delisted: { why: 'bucket_delisted' },
  grant_ended: { why: 'grant_ended', revoked: false },
  no_free_slot: { why: 'no_free_slot', keys },
  break_glass_needs_approval: { why: 'break_glass_needs_approval' },
};

const rotateSamples: Samples<Answered<RotateOutcome>> = {
  ...createSamples,
  key_not_found: [{ kind: 'key_not_found', bucket: BUCKET, accessKeyId: KEY }],
  rotate_refused: toNonEmpty(
    [...Object.values(rotateRefusals), { why: 'grant_ended' as const, revoked: true }].map((why) => ({
      kind: 'rotate_refused' as const,
      bucket: BUCKET,
      accessKeyId: KEY,
      ...why,
    })),
  ),
  already_rotating: [{ kind: 'already_rotating', request: { ...issued, state: 'RETIRING' } }],
  rotation_blocked: [
    { kind: 'rotation_blocked', request: pending },
    { kind: 'rotation_blocked', request: issuing },
  ],
};

const decideSamples: Samples<DecideOutcome> = {
  unknown_request: [{ kind: 'unknown_request' }],
  not_an_approver: [{ kind: 'not_an_approver', request: pending }],
  self_approval_refused: [{ kind: 'self_approval_refused' }],
  already_decided: [
    { kind: 'already_decided', request: undefined },
    { kind: 'already_decided', request: approved },
    { kind: 'already_decided', request: request('DENIED', { decidedBy: APPROVER, decidedAt: AT }) },
    { kind: 'already_decided', request: request('EXPIRED') },
  ],
  already_approved_by_you: [{ kind: 'already_approved_by_you', request: pending, approvalsRequired: 10 }],
  approval_counted: [{ kind: 'approval_counted', request: pending, approvalsRequired: 10 }],
  request_decided: [
    { kind: 'request_decided', request: approved, approved: true, approvalTtlMs: 86_400_000 },
    {
      kind: 'request_decided',
      request: request('DENIED', { decidedBy: APPROVER, decidedAt: AT }),
      approved: false,
      approvalTtlMs: 86_400_000,
    },
  ],
};

const listSamples: Samples<Answered<ListOutcome>> = {
  bucket_not_allowed: [{ kind: 'bucket_not_allowed', bucket: BUCKET }],
  keys_listed: [
    { kind: 'keys_listed', bucket: BUCKET, region: 'ap-southeast-2', keys, records: [issued] },
    { kind: 'keys_listed', bucket: BUCKET, region: 'ap-southeast-2', keys: [], records: [] },
  ],
};

const revocation = (deleted: string[]) => ({
  grant: { ...grant, state: 'REVOKED' as const },
  deleted,
  surviving: [{ accessKeyId: OTHER_KEY, requestId: issued.requestId, error: 'ServiceUnavailableException' }],
  ended: [approved.requestId],
});

const revokeSamples: Samples<Answered<RevokeOutcome>> = {
  bucket_not_allowed: [{ kind: 'bucket_not_allowed', bucket: BUCKET }],
  revoke_refused: [{ kind: 'revoke_refused', bucket: BUCKET }],
  key_not_found: [{ kind: 'key_not_found', bucket: BUCKET, accessKeyId: KEY }],
  key_revoked: [{ kind: 'key_revoked', bucket: BUCKET, accessKeyId: KEY }],
  grant_revoked: [
    { kind: 'grant_revoked', bucket: BUCKET, holderId: REQUESTER, revocation: revocation([KEY, KEY]) },
    // Nothing was deleted (Lightsail refused): the holder still has their key, and is not told otherwise.
    { kind: 'grant_revoked', bucket: BUCKET, holderId: REQUESTER, revocation: revocation([]) },
  ],
};

const statusSamples: Samples<StatusOutcome> = {
  own_requests: [
    {
      kind: 'own_requests',
      // One more than is shown, as showStatus reads them.
      requests: Array.from({ length: 21 }, (_, i) => request(i % 2 ? 'ISSUED' : 'PENDING', { seq: i + 1 })),
    },
    { kind: 'own_requests', requests: [] },
  ],
};

const cancelSamples: Samples<CancelOutcome> = {
  request_cancelled: [{ kind: 'request_cancelled', request: request('CANCELLED') }],
  cancel_refused: [{ kind: 'cancel_refused', requestId: pending.requestId }],
};

function toNonEmpty<T>(items: T[]): readonly [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('no samples');
  return [first, ...rest];
}

// ---------------------------------------------------------------------------------------------
// The policy: what each kind comes to, for each origin.

const nothingElse = { refreshHome: false };
/** One answer where the job came from. */
const there = (replaces: boolean): Expected => ({ sent: [['origin', replaces]], ...nothingElse });
/** A failure keeps a clicked "Create key now" (and its button) in place; anywhere else it replaces. */
const keepsTheButton = (origin: IssueOrigin) => there(!origin.fromButton);

const issuePolicy: Policy<Answered<IssueOutcome>, IssueOrigin> = {
  // Only a click can name a request id; the clicked message is left alone.
  unknown_request: () => there(false),
  request_not_yours: () => there(false),
  bucket_no_longer_allowed: keepsTheButton,
  approval_not_usable: keepsTheButton,
  key_limit_reached: keepsTheButton,
  create_failed: keepsTheButton,
  create_outcome_unknown: keepsTheButton,
  // The request is over: nothing is left to click.
  grant_ended_before_issue: () => there(true),
  // The secret was shown, and its key will be deleted: a note beside what is there, replacing nothing.
  key_not_recorded: () => there(false),
  // Always told in the DM; a command's "Working on it" is replaced with the same words.
  delivery_failed: (origin) => ({
    sent: [
      [origin.userId, false],
      ...(origin.fromCommand && !origin.fromButton ? [['origin', true] as const] : []),
    ],
    ...nothingElse,
  }),
  key_delivered: () => there(true),
};

/** A command's own answers replace its "Working on it"; what an issue came to is the issue's. */
const createPolicy: Policy<Answered<CreateOutcome>, IssueOrigin> = {
  ...issuePolicy,
  bucket_not_allowed: () => there(true),
  reason_shortfall: () => there(true),
  lifetime_too_long: () => there(true),
  issue_in_progress: () => there(true),
  already_pending: () => there(true),
  request_created: () => there(true),
  approvers_not_notified: () => there(true),
  break_glass_refused: () => there(true),
};

const rotatePolicy: Policy<Answered<RotateOutcome>, IssueOrigin> = {
  ...createPolicy,
  key_not_found: () => there(true),
  rotate_refused: () => there(true),
  already_rotating: () => there(true),
  rotation_blocked: () => there(true),
};

type DecideOrigin = { fromHome: boolean };
/** An approver's click is answered where they clicked, never in place of the card. */
const decidePolicy: Policy<DecideOutcome, DecideOrigin> = {
  unknown_request: () => there(false),
  not_an_approver: () => there(false),
  self_approval_refused: () => there(false),
  already_decided: () => there(false),
  already_approved_by_you: () => there(false),
  approval_counted: (origin) => ({ sent: [['origin', false]], refreshHome: origin.fromHome }),
  // The requester hears of the decision; the approver sees it on the card, or on App Home redrawn.
  request_decided: (origin, outcome) => ({
    sent: [[outcome.request.requesterId, false]],
    refreshHome: origin.fromHome,
  }),
};

const listPolicy: Policy<Answered<ListOutcome>, null> = {
  bucket_not_allowed: () => there(true),
  keys_listed: () => there(true),
};

type RevokeOrigin = { userId: string; fromHome: boolean };
const revokePolicy: Policy<Answered<RevokeOutcome>, RevokeOrigin> = {
  // Refused before anything was confirmed: the confirmation stays.
  bucket_not_allowed: () => there(false),
  revoke_refused: () => there(true),
  key_not_found: () => there(true),
  key_revoked: (origin) => ({ sent: [['origin', true]], refreshHome: origin.fromHome }),
  // The holder hears of an approver's revoke only when a key of theirs was deleted.
  grant_revoked: (origin, outcome) => ({
    sent: [
      ['origin', true],
      ...(outcome.revocation.deleted.length ? [[outcome.holderId, false] as const] : []),
    ],
    refreshHome: origin.fromHome,
  }),
};

const statusPolicy: Policy<StatusOutcome, null> = { own_requests: () => there(true) };
/** Cancel request is only on App Home: a note in the DM, and the tab drawn again. */
const cancelPolicy: Policy<CancelOutcome, null> = {
  request_cancelled: () => ({ sent: [['origin', false]], refreshHome: true }),
  cancel_refused: () => ({ sent: [['origin', false]], refreshHome: true }),
};

// ---------------------------------------------------------------------------------------------
// The origins each presenter's jobs can have.

const fromCommand: IssueOrigin = { userId: REQUESTER, fromButton: false, fromCommand: true };
const commandOrigins = {
  // Also Rotate now on a DM message, which carries a response_url.
  'a command': fromCommand,
  // Also Rotate now on App Home: no response_url, so answers go to the DM.
  'the request form': { userId: REQUESTER, fromButton: false, fromCommand: false },
};
const buttonOrigins = {
  'Create key now in the DM': { userId: REQUESTER, fromButton: true, fromCommand: true },
  'Create key now on App Home': { userId: REQUESTER, fromButton: true, fromCommand: false },
};
const clickOrigins = {
  'a click in a channel or DM': { fromHome: false },
  'a click on App Home': { fromHome: true },
};
const revokeOrigins = {
  'a confirmed revoke in Slack': { userId: APPROVER, fromHome: false },
  'Revoke on App Home': { userId: APPROVER, fromHome: true },
};
const fromItsCommand = { 'its command': null };
const fromAppHome = { 'App Home': null };

interface Row {
  name: string;
  outcome: Outcome;
  shown: Presentation;
  expected: Expected;
}

/** Each sample of each kind, presented for each origin, beside what the policy expects of it. */
function rowsOf<O extends Outcome, Origin>(
  presenter: string,
  present: (outcome: O, origin: Origin) => Presentation,
  samples: Samples<O>,
  policy: Policy<O, Origin>,
  origins: Record<string, Origin>,
): Row[] {
  return Object.entries(origins).flatMap(([where, origin]) =>
    Object.values<readonly O[]>(samples).flatMap((ofKind) =>
      ofKind.map((outcome, n) => ({
        name: `${presenter} ${outcome.kind}${ofKind.length > 1 ? ` #${n + 1}` : ''}, from ${where}`,
        outcome,
        shown: present(outcome, origin),
        expected: (policy[outcome.kind as O['kind']] as (o: Origin, x: O) => Expected)(origin, outcome),
      })),
    ),
  );
}

const rows: Row[] = [
  ...rowsOf('create', presentCreate, createSamples, createPolicy, commandOrigins),
  ...rowsOf('rotate', presentRotate, rotateSamples, rotatePolicy, commandOrigins),
  ...rowsOf('issue', presentIssue, issueSamples, issuePolicy, buttonOrigins),
  ...rowsOf('decide', presentDecide, decideSamples, decidePolicy, clickOrigins),
  ...rowsOf('list', (o: Answered<ListOutcome>) => presentList(o), listSamples, listPolicy, fromItsCommand),
  ...rowsOf('revoke', presentRevoke, revokeSamples, revokePolicy, revokeOrigins),
  ...rowsOf('status', (o: StatusOutcome) => presentStatus(o), statusSamples, statusPolicy, fromItsCommand),
  ...rowsOf('cancel', (o: CancelOutcome) => presentCancel(o), cancelSamples, cancelPolicy, fromAppHome),
];

/** Every word a person reads in the message: the notification text and every text object. */
const wordsOf = (message: SlackMessage) => JSON.stringify(message);

/** The names an outcome carries that its answer must show, so the person knows what it is about. */
function namesIn(outcome: Outcome): string[] {
  const facts = outcome as {
    bucket?: string;
    accessKeyId?: string;
    requestId?: string;
    request?: AccessRequest;
  };
  const named = [
    facts.bucket,
    facts.accessKeyId,
    facts.requestId,
    facts.request?.requestId,
    facts.request?.bucket,
  ];
  return named.filter((name): name is string => name !== undefined);
}

describe('the presenters: every outcome kind, for every origin', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, { outcome, shown, expected }) => {
    const sent = shown.deliveries.map((d) => [
      d.to === 'origin' ? 'origin' : d.to.userId,
      d.replaceOriginal === true,
    ]);
    expect(sent).toEqual(expected.sent);
    expect(shown.refreshHome === true).toBe(expected.refreshHome);
    for (const { message } of shown.deliveries) {
      const breaches = blockKitBreaches(message.blocks, 'message');
      expect(breaches, describeBreaches(breaches)).toEqual([]);
      expect(message.text.trim()).not.toBe('');
    }
    const names = namesIn(outcome);
    if (names.length > 0) {
      const words = shown.deliveries.map((d) => wordsOf(d.message)).join('\n');
      expect(
        names.some((name) => words.includes(name)),
        `mentions one of ${names.join(', ')}`,
      ).toBe(true);
    }
  });

  // Kinds whose samples differ in what the person must be told: each reason its own words.
  const variants: ReadonlyArray<readonly [Outcome, ...Outcome[]]> = [
    createSamples.approval_not_usable,
    createSamples.already_pending,
    createSamples.break_glass_refused,
    createSamples.create_failed,
    createSamples.delivery_failed,
    rotateSamples.rotate_refused,
    rotateSamples.rotation_blocked,
    decideSamples.already_decided,
    decideSamples.request_decided,
    revokeSamples.grant_revoked,
    listSamples.keys_listed,
  ];
  it.each(variants.map((ofKind) => [ofKind[0].kind, ofKind] as const))(
    'words each variant of %s differently',
    (_kind, ofKind) => {
      const texts = ofKind.map((outcome) =>
        JSON.stringify(rows.find((row) => row.outcome === outcome)?.shown.deliveries.map((d) => d.message)),
      );
      expect(new Set(texts).size).toBe(ofKind.length);
    },
  );

  it('tells a failed delivery in the requester’s DM, and in a command’s place with the same words', () => {
    const told = (grantRevoked: boolean) => {
      const outcome = { kind: 'delivery_failed' as const, request: issuing, grantRevoked };
      const [dm, inPlace, ...more] = presentCreate(outcome, fromCommand).deliveries;
      expect(dm?.to).toEqual({ userId: REQUESTER });
      expect(inPlace?.message).toEqual(dm?.message);
      expect(more).toEqual([]);
      return wordsOf(dm?.message ?? { text: '' });
    };
    // The DM offers "Create key now" again while the approval is usable, and not once the grant ended.
    expect(told(false)).toContain('create_key_now');
    expect(told(true)).not.toContain('create_key_now');
  });

  it('names each key that survived a grant revoke, and why, in the answer', () => {
    const [someDeleted] = revokeSamples.grant_revoked;
    const [answer] = presentRevoke(someDeleted, revokeOrigins['a confirmed revoke in Slack']).deliveries;
    expect(wordsOf(answer?.message ?? { text: '' })).toContain(OTHER_KEY);
    expect(wordsOf(answer?.message ?? { text: '' })).toContain('ServiceUnavailableException');
  });

  it.each([
    ...Object.entries(commandOrigins).map(([where, origin]) => [where, true, origin] as const),
    ...Object.entries(buttonOrigins).map(([where, origin]) => [where, false, origin] as const),
  ])('a failed call from %s is explained in place of the original: %s', (_where, replaces, origin) => {
    expect(failureReplacesFor(origin)).toBe(replaces);
  });
});

describe('an approver clicking a request its requester withdrew', () => {
  it('is told it was withdrawn, not that it expired', () => {
    const withdrawn = request('CANCELLED');
    const shown = presentDecide({ kind: 'already_decided', request: withdrawn }, { fromHome: false });
    const text = JSON.stringify(shown.deliveries[0]?.message);
    expect(text).toContain('withdrew');
    expect(text).not.toContain('expired');
  });
});
