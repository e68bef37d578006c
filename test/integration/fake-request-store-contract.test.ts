import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRequestStore } from '../../src/adapters/dynamodb/dynamo-request-store.js';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables.js';
import type { AccessRequest } from '../../src/domain/access-request.js';
import { StateConflictError } from '../../src/domain/errors.js';
import { requestIdFor } from '../../src/domain/request-id.js';
import type { RequestStore } from '../../src/ports/request-store.js';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { startDynamoBackend } from '../support/dynamo-backends.js';
import { FakeRequestStore } from '../support/fakes.js';

/**
 * The unit tests of the services trust FakeRequestStore to take each state change exactly as
 * DynamoRequestStore's conditional write does. This suite holds it to that: every state change from
 * every kind of record runs on both, with DynamoDB (dynalite) as the oracle, and the outcome (the
 * returned record, or the conflict and the record it carries) and the stored record must match.
 */

const NOW = '2026-11-01T10:00:00.000Z';
const LATER = '2026-11-01T11:00:00.000Z';
const EARLIER = '2026-11-01T09:00:00.000Z';
const REQUESTER = 'UREQUESTER';
const TOKEN = 'claim-token';
const KEY = 'AKIACONTRACT00000001';

const base = (seq: number, requesterId = REQUESTER, bucket = 'media-assets'): AccessRequest => ({
  requestId: requestIdFor(requesterId, bucket, seq),
  seq,
  requesterId,
  bucket,
  region: 'us-east-1',
  reason: 'contract',
  state: 'PENDING',
  createdAt: EARLIER,
});

/** One record of each kind a state change may meet. */
const SEEDS: Record<string, Partial<AccessRequest> | undefined> = {
  missing: undefined,
  pending: { state: 'PENDING', dueAt: LATER },
  pendingPastDue: { state: 'PENDING', dueAt: EARLIER },
  pendingOneApproval: { state: 'PENDING', dueAt: LATER, approvals: ['UAPPROVERB'] },
  pendingReminded: { state: 'PENDING', dueAt: LATER, remindersSent: 1 },
  approved: { state: 'APPROVED', decidedBy: 'UAPPROVERA', approvalExpiresAt: LATER, dueAt: LATER },
  approvalExpired: { state: 'APPROVED', approvalExpiresAt: EARLIER, dueAt: EARLIER },
  breakGlass: { state: 'APPROVED', breakGlass: true, approvalExpiresAt: LATER, dueAt: LATER },
  issuing: {
    state: 'ISSUING',
    approvalExpiresAt: LATER,
    claimToken: TOKEN,
    claimedAt: EARLIER,
    dueAt: EARLIER,
    keysBeforeCreate: ['AKIAOLD'],
    accessKeyId: KEY,
  },
  issuingBeforeKey: {
    state: 'ISSUING',
    approvalExpiresAt: LATER,
    claimToken: TOKEN,
    claimedAt: EARLIER,
    dueAt: LATER,
    keysBeforeCreate: [],
  },
  issued: { state: 'ISSUED', accessKeyId: KEY, issuedAt: EARLIER, dueAt: EARLIER, idleWarnedAt: EARLIER },
  issuedWarned: { state: 'ISSUED', accessKeyId: KEY, expiryWarnedAt: EARLIER, idleWarnedAt: LATER },
  retiring: { state: 'RETIRING', accessKeyId: KEY, replacedBy: 'AKIANEW', dueAt: LATER },
  denied: { state: 'DENIED', decidedBy: 'UAPPROVERA' },
};

type Change = (store: RequestStore, id: string) => Promise<unknown>;

/** Each state change of the port, with the arguments a service would pass. */
const CHANGES: Record<string, Change> = {
  setApprovalMessage: (s, id) => s.setApprovalMessage(id, { channel: 'C1', ts: '1.1' }),
  approveDecision: (s, id) =>
    s.decide(id, { approved: true, by: 'UAPPROVERA', at: NOW, approvalExpiresAt: LATER }),
  denyDecision: (s, id) => s.decide(id, { approved: false, by: 'UAPPROVERA', at: NOW }),
  firstOfOne: (s, id) =>
    s.approve(id, { by: 'UAPPROVERA', at: NOW, seen: 0, required: 1, approvalExpiresAt: LATER }),
  firstOfTwo: (s, id) =>
    s.approve(id, { by: 'UAPPROVERA', at: NOW, seen: 0, required: 2, approvalExpiresAt: LATER }),
  secondOfTwo: (s, id) =>
    s.approve(id, { by: 'UAPPROVERA', at: NOW, seen: 1, required: 2, approvalExpiresAt: LATER }),
  sameApproverAgain: (s, id) =>
    s.approve(id, { by: 'UAPPROVERB', at: NOW, seen: 1, required: 2, approvalExpiresAt: LATER }),
  endApprovedUndelivered: (s, id) =>
    s.revokeUndelivered(id, { state: 'APPROVED' }, { userId: 'UAPPROVERA', at: NOW }),
  endIssuingWithKey: (s, id) =>
    s.revokeUndelivered(
      id,
      { state: 'ISSUING', claimToken: TOKEN, accessKeyId: KEY },
      { userId: 'UAPPROVERA', at: NOW },
    ),
  endIssuingBeforeKey: (s, id) =>
    s.revokeUndelivered(id, { state: 'ISSUING', claimToken: TOKEN }, { userId: 'UAPPROVERA', at: NOW }),
  takeFirstReminder: (s, id) => s.takeReminder(id, 1),
  takeSecondReminder: (s, id) => s.takeReminder(id, 2),
  returnFirstReminder: (s, id) => s.returnReminder(id, 1),
  cancelByRequester: (s, id) => s.cancel(id, REQUESTER, NOW),
  cancelByOther: (s, id) => s.cancel(id, 'UOTHER', NOW),
  claimByRequester: (s, id) => s.claim(id, REQUESTER, { token: 'new-token', at: NOW, dueAt: LATER }),
  claimByOther: (s, id) => s.claim(id, 'UOTHER', { token: 'new-token', at: NOW, dueAt: LATER }),
  claimWithKeysBefore: (s, id) =>
    s.claim(id, REQUESTER, {
      token: 'new-token',
      at: NOW,
      dueAt: LATER,
      keysBeforeCreate: ['AKIAA', 'AKIAB'],
    }),
  claimWithNoKeysBefore: (s, id) =>
    s.claim(id, REQUESTER, { token: 'new-token', at: NOW, dueAt: LATER, keysBeforeCreate: [] }),
  recordKey: (s, id) => s.recordKey(id, TOKEN, 'AKIARECORDED'),
  markIssuedExpiring: (s, id) => s.markIssued(id, TOKEN, { at: NOW, keyExpiresAt: LATER }),
  markIssuedForever: (s, id) => s.markIssued(id, TOKEN, { at: NOW }),
  markIssuedWrongToken: (s, id) => s.markIssued(id, 'stale', { at: NOW }),
  releaseClaim: (s, id) => s.releaseClaim(id, TOKEN),
  releaseWrongToken: (s, id) => s.releaseClaim(id, 'stale'),
  expirePending: (s, id) => s.expire(id, 'PENDING', NOW),
  expireApproved: (s, id) => s.expire(id, 'APPROVED', NOW),
  revokeKey: (s, id) => s.revoke(id, KEY, { userId: 'UAPPROVERA', at: NOW }),
  revokeOtherKey: (s, id) => s.revoke(id, 'AKIAOTHER', { userId: 'UAPPROVERA', at: NOW }),
  startRetiring: (s, id) =>
    s.startRetiring(id, KEY, { replacedBy: 'AKIANEW', retireBy: LATER, dueAt: LATER }),
  noteSuccessorUsed: (s, id) => s.noteSuccessorUsed(id, NOW),
  markExpiryWarned: (s, id) => s.markExpiryWarned(id, KEY, NOW),
  markIdleWarned: (s, id) => s.markIdleWarned(id, KEY, NOW, NOW),
};

/** What a change did: its result or how it failed, and the record it left. */
async function outcomeOf(store: RequestStore, id: string, change: Change) {
  let result: unknown;
  try {
    result = { returned: (await change(store, id)) ?? null };
  } catch (error) {
    result =
      error instanceof StateConflictError
        ? { conflict: error.current ?? null, error: error.name }
        : // Not a condition: DynamoDB refused the write itself (the fake names the same exception).
          { invalidWrite: /ValidationException/.test(`${(error as Error).name} ${String(error)}`) };
  }
  return { result, stored: (await store.get(id)) ?? null };
}

describe('FakeRequestStore keeps DynamoRequestStore’s conditions (dynalite as the oracle)', () => {
  let dynamo: LocalDynamoDb;
  let db: DynamoDBDocumentClient;
  let real: DynamoRequestStore;
  const fake = new FakeRequestStore();
  let seq = 0;

  beforeAll(async () => {
    dynamo = await startDynamoBackend('dynalite');
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.url,
      credentials: { accessKeyId: 'contract', secretAccessKey: 'contract' },
    });
    db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await ensureTables(client, { requests: 'requests-contract', audit: 'audit-contract' });
    real = new DynamoRequestStore(db, 'requests-contract');
  });
  afterAll(async () => {
    db?.destroy();
    await dynamo?.stop();
  });

  const cases = Object.keys(SEEDS).flatMap((seed) =>
    Object.keys(CHANGES).map((change) => [seed, change] as const),
  );

  it.each(cases)('from a %s record, %s', async (seed, change) => {
    const record = SEEDS[seed];
    const request = { ...base(++seq), ...record };
    if (record) {
      await real.create(request);
      fake.seed(request);
    }
    const act = CHANGES[change] as Change;

    const expected = await outcomeOf(real, request.requestId, act);
    const actual = await outcomeOf(fake, request.requestId, act);

    expect(actual).toEqual(expected);
  });

  it('answers every listing as the indexes do', async () => {
    // Its own person and bucket: one record of each kind, with keys on some and staggered deadlines.
    const [who, bucket] = ['ULISTER', 'listed-bucket'];
    let n = 0;
    for (const record of Object.values(SEEDS)) {
      if (!record) continue;
      n++;
      const request = {
        ...base(n, who, bucket),
        ...record,
        createdAt: `2026-11-01T08:${String(n).padStart(2, '0')}:00.000Z`,
      };
      await real.create(request);
      fake.seed(request);
    }
    // Both stores also hold every case's record above, changed alike: the listings see those too.
    const listings = async (store: RequestStore) => ({
      latest: await store.latestFor(who, bucket),
      pendingDue: byDue(await store.listDue('PENDING', NOW, 100)),
      approvedDue: byDue(await store.listDue('APPROVED', NOW, 100)),
      issuedDue: byDue(await store.listDue('ISSUED', NOW, 100)),
      pendingOpen: byDue(await store.listOpen('PENDING', NOW, 100)),
      liveClaims: byDue(await store.liveClaimsOn(bucket, '2026-11-01T08:00:00.000Z')),
      byKeys: sortById(await store.recordsOfKeys(bucket, [KEY, 'AKIAOTHER'])),
      byRequester: await store.listByRequester(who, 5),
    });

    const expected = await listings(real);
    const actual = await listings(fake);

    expect(expected.byKeys.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});

/** Soonest deadline first, as the index sorts; the order of equal deadlines is not part of the port. */
function byDue(requests: AccessRequest[]): AccessRequest[] {
  const key = (r: AccessRequest) => `${r.dueAt ?? ''}#${r.requestId}`;
  for (let i = 1; i < requests.length; i++)
    expect((requests[i - 1]?.dueAt ?? '') <= (requests[i]?.dueAt ?? '')).toBe(true);
  return [...requests].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

function sortById(requests: AccessRequest[]): AccessRequest[] {
  return [...requests].sort((a, b) => (a.requestId < b.requestId ? -1 : 1));
}
