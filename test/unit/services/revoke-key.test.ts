import { describe, expect, it } from 'vitest';
import { revokeKey } from '../../../src/services/revoke-rotate/revoke-key.js';
import {
  FAKE_APPROVER,
  FAKE_REGION,
  type FakeDependencies,
  fakeDependencies,
  policyOf,
} from '../../support/fakes.js';
import { BUCKET, REQUESTER, RESPONSE_URL, seeded } from '../../support/request-fixtures.js';

const KEY = 'AKIAISSUED0000000001';
const HAND_MADE = 'AKIAHANDMADE00000001';

const revokeJob = (userId: string, accessKeyId = KEY, responseUrl = RESPONSE_URL) => ({
  kind: 'revoke' as const,
  userId,
  bucket: BUCKET,
  accessKeyId,
  ...(responseUrl ? { responseUrl } : {}),
});

/** A use case answers nobody itself: it returns what it did, and the Slack layer renders it. */
const nothingSent = (deps: FakeDependencies) =>
  expect(deps.messenger.callsOf('respond').length + deps.messenger.callsOf('directMessage').length).toBe(0);

/** The requester holds KEY (issued by the bot); HAND_MADE was made outside it. */
function issuedKey(deps: FakeDependencies, state: 'ISSUED' | 'RETIRING' = 'ISSUED') {
  deps.keys.addBucket(BUCKET, FAKE_REGION, [{ accessKeyId: KEY }, { accessKeyId: HAND_MADE }]);
  return seeded(deps, state, { accessKeyId: KEY, dueAt: '2026-05-08T09:00:00.000Z' });
}

describe('revokeKey: allowed revokes', () => {
  it('lets the holder revoke their key: deleted first, then ISSUED → REVOKED, audited and answered', async () => {
    const deps = fakeDependencies();
    const request = issuedKey(deps);
    deps.catalog.stored = {
      buckets: [{ bucket: BUCKET, region: request.region, keyCount: 2 }],
      total: 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };

    const outcome = await revokeKey(deps, revokeJob(REQUESTER));

    expect(outcome).toEqual({ kind: 'key_revoked', bucket: BUCKET, accessKeyId: KEY });
    expect(deps.keys.keyIds(BUCKET)).toEqual([HAND_MADE]);
    const stored = deps.requests.record(request.requestId);
    expect(stored).toMatchObject({ state: 'REVOKED', revokedBy: REQUESTER });
    expect(stored.dueAt).toBeUndefined();
    expect(deps.audit.events.map((e) => [e.type, e.requestId, e.accessKeyId])).toEqual([
      ['key_revoked', request.requestId, KEY],
    ]);
    nothingSent(deps);
    expect(deps.catalog.stored?.buckets[0]?.keyCount).toBe(1);
  });

  it('lets an approver revoke someone’s key as a revoke of its grant, and tells the holder who did', async () => {
    const deps = fakeDependencies();
    const request = issuedKey(deps);

    const outcome = await revokeKey(deps, revokeJob(FAKE_APPROVER));

    expect(outcome).toMatchObject({
      kind: 'grant_revoked',
      holderId: REQUESTER,
      revocation: { deleted: [KEY], surviving: [] },
    });
    expect(deps.requests.record(request.requestId)).toMatchObject({
      state: 'REVOKED',
      revokedBy: FAKE_APPROVER,
    });
    expect(deps.grants.items.get(request.requestId)).toMatchObject({
      state: 'REVOKED',
      revokedBy: FAKE_APPROVER,
    });
    expect(deps.audit.events.map((e) => [e.type, e.outcome])).toEqual([['grant_revoked', 'ok']]);
    expect(deps.audit.events[0]?.detail).toContain(`deleted: ${KEY}`);
    nothingSent(deps);
  });

  it('revokes a rotated-out key still in its grace (RETIRING)', async () => {
    const deps = fakeDependencies();
    const request = issuedKey(deps, 'RETIRING');

    await revokeKey(deps, revokeJob(REQUESTER));

    expect(deps.requests.record(request.requestId).state).toBe('REVOKED');
    expect(deps.keys.keyIds(BUCKET)).toEqual([HAND_MADE]);
  });

  it('lets an approver delete a key the bot did not issue, and says so in the audit log', async () => {
    const deps = fakeDependencies();
    issuedKey(deps);

    await revokeKey(deps, revokeJob(FAKE_APPROVER, HAND_MADE));

    expect(deps.keys.keyIds(BUCKET)).toEqual([KEY]);
    expect(deps.audit.events.map((e) => [e.type, e.detail, e.requestId])).toEqual([
      ['key_revoked', 'not issued by bucket-key', undefined],
    ]);
  });

  it('still audits the deletion when the record moved on meanwhile (a sweep revoked it first)', async () => {
    const deps = fakeDependencies();
    const request = issuedKey(deps);
    deps.keys.whenCalled('deleteKey', () =>
      deps.requests.seed({ ...request, state: 'REVOKED', revokedBy: 'bucket-key' }),
    );

    await revokeKey(deps, revokeJob(REQUESTER));

    expect(deps.requests.record(request.requestId).revokedBy).toBe('bucket-key');
    expect(deps.audit.types()).toEqual(['key_revoked']);
  });
});

describe('revokeKey: refusals and failures', () => {
  it('refuses a bucket the policy does not allow', async () => {
    const deps = fakeDependencies({ policy: policyOf({ restrictToListedBuckets: true, buckets: {} }) });

    expect(await revokeKey(deps, revokeJob(FAKE_APPROVER))).toEqual({
      kind: 'bucket_not_allowed',
      bucket: BUCKET,
    });
    expect(deps.keys.calls).toEqual([]);
  });

  it('refuses someone who neither holds the key nor approves the bucket, and audits it', async () => {
    const deps = fakeDependencies();
    const request = issuedKey(deps);

    expect(await revokeKey(deps, revokeJob('UBYSTANDER'))).toEqual({
      kind: 'revoke_refused',
      bucket: BUCKET,
    });

    expect(deps.keys.keyIds(BUCKET)).toContain(KEY);
    expect(deps.requests.record(request.requestId).state).toBe('ISSUED');
    expect(deps.audit.events.map((e) => [e.type, e.subjectUserId])).toEqual([['refused_revoke', REQUESTER]]);
  });

  it('refuses a non-approver a key the bot did not issue', async () => {
    const deps = fakeDependencies();
    issuedKey(deps);

    await revokeKey(deps, revokeJob(REQUESTER, HAND_MADE));

    expect(deps.keys.keyIds(BUCKET)).toContain(HAND_MADE);
    expect(deps.audit.types()).toEqual(['refused_revoke']);
  });

  it('says the key is not on the bucket, and deletes nothing', async () => {
    const deps = fakeDependencies();
    issuedKey(deps);

    const outcome = await revokeKey(deps, revokeJob(FAKE_APPROVER, 'AKIAGONE000000000001'));

    expect(deps.keys.callsOf('deleteKey')).toEqual([]);
    expect(outcome).toEqual({ kind: 'key_not_found', bucket: BUCKET, accessKeyId: 'AKIAGONE000000000001' });
  });

  it('never records a key as revoked when Lightsail could not delete it', async () => {
    const deps = fakeDependencies();
    const request = issuedKey(deps);
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable' });

    const outcome = await revokeKey(deps, revokeJob(REQUESTER));

    expect(deps.keys.keyIds(BUCKET)).toContain(KEY);
    expect(deps.requests.record(request.requestId).state).toBe('ISSUED');
    expect(deps.audit.events).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'failed', where: { bucket: BUCKET, action: 'revoke' } });
  });
});
