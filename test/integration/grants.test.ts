import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Policy } from '../../src/domain/policy.js';
import { loadPolicyFile } from '../../src/policy-file.js';
import type { NewBucketKey } from '../../src/ports/key-issuer.js';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { DYNAMO_BACKENDS, startDynamoBackend } from '../support/dynamo-backends.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  APPROVER2,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';
import { policyFiles } from '../support/policy-file.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HOLDER2 = 'UHOLDER002';
const POLICY = `
restrictToListedBuckets: true
buckets:
  media-assets:
    keyMaxAge: 30d
    breakGlass: { allowed: [${REQUESTER}], maxPerDay: 1, keyMaxAge: 4h }
  nightly-backups: {}
`;

/**
 * A key's access has one lineage: the grant it was issued under bounds every key of it, rotation
 * included, and revoking the grant deletes them all. Each case runs through the real SDKs against
 * the stand-ins, on both DynamoDB backends, since each rests on conditional writes.
 */
describe.each(DYNAMO_BACKENDS)('grants, on %s', (backend) => {
  let dynamo: LocalDynamoDb;
  let h: Harness;
  let clock: ManualClock;
  const files = policyFiles();
  beforeAll(async () => {
    dynamo = await startDynamoBackend(backend);
  });
  afterAll(async () => {
    await dynamo?.stop();
    files.cleanup();
  });
  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ BUCKET_KEY_POLICY: files.write(POLICY), LOG_LEVEL: 'ERROR' }, { clock, dynamo });
    h.slack.workspace.users[HOLDER2] = { name: 'holder2', realName: 'Holder Two' };
  });
  afterEach(async () => {
    await h.stop();
  });

  const requests = async () =>
    (await h.requestItems()).sort((a, b) => Number(a.seq) - Number(b.seq)) as Array<Record<string, unknown>>;
  const keysOn = (bucket: string) => h.lightsail.state.buckets.get(bucket)!.keys.map((k) => k.accessKeyId);
  const recordOf = async (accessKeyId: string) =>
    (await requests()).find((r) => r.accessKeyId === accessKeyId);
  const alerts = () => h.approvalCards().filter((m) => hasButton(m, ACTION.breakGlassRevoke));
  async function events(type: string, bucket = 'media-assets') {
    const page = await h.bot.deps.audit.query({ subject: { kind: 'bucket', bucket }, pageSize: 100 });
    return page.events.filter((e) => e.type === type).sort((a, b) => a.seq - b.seq);
  }
  /** The policy an operator deploys next: the bot reads it on the next job, as after a redeploy. */
  function deployPolicy(yaml: string) {
    h.bot.deps.policy = new Policy(
      { region: 'us-east-1', approvers: [APPROVER, APPROVER2] },
      loadPolicyFile(files.write(yaml)),
    );
  }
  async function breakGlass(text = 'create media-assets --break-glass prod is down', userId = REQUESTER) {
    await h.command(userId, text);
    await h.settle();
    return keysOn('media-assets').at(-1) as string;
  }
  async function approvedKey(userId = REQUESTER, bucket = 'media-assets') {
    await h.command(userId, `create ${bucket} nightly export`);
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    await h.command(userId, `create ${bucket}`);
    await h.settle();
    return keysOn(bucket).at(-1) as string;
  }
  async function rotate(accessKeyId: string, userId = REQUESTER, bucket = 'media-assets') {
    await h.command(userId, `rotate ${bucket} ${accessKeyId}`);
    await h.settle();
  }
  async function revoke(userId: string, accessKeyId: string, bucket = 'media-assets') {
    await h.command(userId, `revoke ${bucket} ${accessKeyId}`);
    await h.click(userId, ACTION.revokeConfirm, h.slack.visibleTo(userId).at(-1)!);
    await h.settle();
  }

  it('keeps a rotated break-glass key a break-glass: same expiry, same review, no approver, no new alert', async () => {
    const first = await breakGlass();
    clock.advance(HOUR);
    await rotate(first);

    const original = await recordOf(first);
    const [, second] = keysOn('media-assets');
    const successor = await recordOf(String(second));
    expect(successor).toMatchObject({ state: 'ISSUED', breakGlass: true, grantId: original?.requestId });
    // Four hours from the break-glass, not from the rotation, and nobody approved the new key.
    expect(successor?.keyExpiresAt).toBe(original?.keyExpiresAt);
    expect(successor?.decidedBy).toBeUndefined();
    const issued = await events('key_issued');
    expect(issued.map((e) => [e.accessKeyId, e.approverId])).toEqual([
      [first, REQUESTER],
      [second, undefined],
    ]);
    expect(issued[1]?.detail).toBe(`rotation within grant ${original?.requestId}`);
    expect(alerts()).toHaveLength(1);

    clock.advance(3 * HOUR + 1000);
    await h.sweep();
    expect(keysOn('media-assets')).toEqual([]);
  });

  it('Revoke now on a break-glass alert deletes the key and its rotation, and closes the review', async () => {
    const first = await breakGlass();
    await rotate(first);
    const keys = keysOn('media-assets');
    expect(keys).toHaveLength(2);

    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    await h.settle();

    expect(keysOn('media-assets')).toEqual([]);
    expect((await requests()).map((r) => r.state)).toEqual(['REVOKED', 'REVOKED']);
    const grant = await h.bot.deps.grants.get(String((await requests())[0]?.requestId));
    expect(grant).toMatchObject({ state: 'REVOKED', reviewedBy: APPROVER, reviewRevoked: true });
    const [revoked] = await events('grant_revoked');
    expect(revoked).toMatchObject({ actorId: APPROVER, outcome: 'ok' });
    for (const key of keys) expect(revoked?.detail).toContain(key);
    expect(textOf(h.approvalCards().at(-1))).toContain('who revoked it');
    expect(hasButton(h.approvalCards().at(-1)!, ACTION.breakGlassRevoke)).toBe(false);
  });

  it('leaves the review open, says what survives, and records it when Lightsail refuses a delete', async () => {
    const key = await breakGlass();
    h.lightsail.failNext('DeleteBucketAccessKey', { exception: 'AccessDeniedException' });

    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    await h.settle();

    expect(keysOn('media-assets')).toEqual([key]);
    const grantId = String((await requests())[0]?.requestId);
    expect((await h.bot.deps.grants.get(grantId))?.reviewedAt).toBeUndefined();
    expect(await events('break_glass_review_failed')).toMatchObject([
      { actorId: APPROVER, outcome: 'failed', detail: expect.stringContaining(key) },
    ]);
    expect(await events('break_glass_reviewed')).toEqual([]);
    const card = alerts()[0]!;
    expect(hasButton(card, ACTION.breakGlassRevoke)).toBe(true);
    expect(textOf(card)).toContain('did not finish');
    expect(textOf(h.slack.visibleTo(APPROVER, card.channel).at(-1))).toContain('review stays open');

    // The sweeper finishes the revoke; the review is still the approvers' to close.
    expect((await h.sweep()).revocationsFinished).toBe(1);
    expect(keysOn('media-assets')).toEqual([]);
    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    await h.settle();
    expect(await h.bot.deps.grants.get(grantId)).toMatchObject({ reviewedBy: APPROVER, reviewRevoked: true });
  });

  it('keeps the original expiry when a key is rotated the day before it ends, and refuses it after', async () => {
    const first = await approvedKey();
    const expiresAt = (await recordOf(first))?.keyExpiresAt;
    expect(expiresAt).toBe(new Date(clock.now().getTime() + 30 * DAY).toISOString());

    clock.advance(29 * DAY);
    await rotate(first);
    const second = keysOn('media-assets').at(-1) as string;
    expect((await recordOf(second))?.keyExpiresAt).toBe(expiresAt);

    // Past the grant's end a rotation is refused and audited, even before a sweep deleted the key.
    clock.advance(DAY + 1000);
    await rotate(second);
    expect(keysOn('media-assets')).toEqual([first, second]);
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('has expired');
    expect((await events('refused_rotate')).map((e) => e.detail)).toEqual([
      expect.stringMatching(/^grant REQ-.* expired$/),
    ]);
  });

  it('asks the approvers again when the bucket now wants more approvers than the grant had', async () => {
    const first = await approvedKey();
    deployPolicy(POLICY.replace('keyMaxAge: 30d', 'keyMaxAge: 30d\n    approvalsRequired: 2'));

    await rotate(first);

    expect(keysOn('media-assets')).toEqual([first]);
    const latest = (await requests()).at(-1);
    expect(latest).toMatchObject({ state: 'PENDING', rotates: { accessKeyId: first } });
    expect(latest?.grantId).toBeUndefined();
    expect(textOf(h.approvalCards().at(-1))).toContain(`rotation of key ${first}`);
  });

  it('keeps a de-listed bucket’s keys revocable by holder and approver, and tells the approvers once', async () => {
    const mine = await approvedKey(REQUESTER);
    const theirs = await approvedKey(HOLDER2);
    deployPolicy(POLICY.replace(/ {2}media-assets:\n(?: {4}.*\n)+/, ''));

    await h.command(REQUESTER, 'list media-assets');
    await h.settle();
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain(mine);

    expect((await h.sweep()).delistedBuckets).toBe(1);
    expect((await h.sweep()).delistedBuckets).toBe(0);
    const notices = h.slack.messages.filter(
      (m) => m.channel === APPROVAL_CHANNEL && textOf(m).includes('no longer in the policy'),
    );
    expect(notices).toHaveLength(1);
    for (const key of [mine, theirs])
      expect(JSON.stringify(notices[0]?.blocks)).toContain(`media-assets ${key}`);
    expect(await events('bucket_delisted_with_keys')).toHaveLength(1);

    await revoke(REQUESTER, mine);
    await revoke(APPROVER, theirs);
    expect(keysOn('media-assets')).toEqual([]);
    expect((await requests()).filter((r) => r.accessKeyId).map((r) => r.state)).toEqual([
      'REVOKED',
      'REVOKED',
    ]);
  });

  it('still expires the keys of a bucket that left the policy', async () => {
    const key = await approvedKey();
    deployPolicy(POLICY.replace(/ {2}media-assets:\n(?: {4}.*\n)+/, ''));
    clock.advance(30 * DAY + 1000);

    expect((await h.sweep()).expiredKeys).toBe(1);

    expect(keysOn('media-assets')).toEqual([]);
    expect((await recordOf(key))?.state).toBe('REVOKED');
  });

  it('issues exactly one break-glass key for five at once with maxPerDay 1', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.command(REQUESTER, `create media-assets --break-glass outage ${i}`),
      ),
    );
    await h.settle();

    expect(keysOn('media-assets')).toHaveLength(1);
    expect((await requests()).filter((r) => r.breakGlass)).toHaveLength(1);
    expect(await events('break_glass_issued')).toHaveLength(1);
    // A loser that read the winner's request finds it under way instead: either way, no second key.
    const refused = await events('break_glass_refused');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((e) => e.detail === 'breakGlass.maxPerDay (1) reached')).toBe(true);
  });

  it('supersedes a pending request with a break-glass, visibly, leaving one request open', async () => {
    await h.command(REQUESTER, 'create media-assets routine export');
    await h.settle();
    const card = structuredClone(h.approvalCards().at(-1)!);

    await breakGlass();

    expect((await requests()).map((r) => [r.state, r.breakGlass ?? false])).toEqual([
      ['CANCELLED', false],
      ['ISSUED', true],
    ]);
    const updated = h.approvalCards().find((m) => m.ts === card.ts);
    expect(hasButton(updated!, ACTION.approve)).toBe(false);
    expect((await events('request_cancelled'))[0]?.detail).toBe('superseded by a break-glass');
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();
    expect((await requests())[0]?.state).toBe('CANCELLED');
  });

  it('alerts the approvers from the sweeper when the worker dies right after the break-glass key is made', async () => {
    const made = deferred<NewBucketKey>();
    const revive = deferred<void>();
    const realCreate = h.bot.deps.keys.createKey.bind(h.bot.deps.keys);
    // The worker's process stops here, as a Lambda killed mid-flight would: Lightsail made the key.
    h.bot.deps.keys.createKey = async (bucket, region) => {
      const key = await realCreate(bucket, region);
      made.resolve(key);
      await revive.promise;
      return key;
    };
    await h.command(REQUESTER, 'create media-assets --break-glass prod is down');
    const key = await made.promise;
    expect(alerts()).toEqual([]);

    expect((await h.sweep()).breakGlassReposts).toBe(1);

    const [alert] = alerts();
    expect(textOf(alert)).toContain('prod is down');
    expect(textOf(alert)).not.toContain('Still not reviewed');
    expect(keysOn('media-assets')).toEqual([key.accessKeyId]);
    revive.resolve();
    await h.settle();
  });

  it('deletes the key of a rotation being issued when its grant is revoked at that moment', async () => {
    const first = await breakGlass();
    const made = deferred<NewBucketKey>();
    const release = deferred<void>();
    const realCreate = h.bot.deps.keys.createKey.bind(h.bot.deps.keys);
    h.bot.deps.keys.createKey = async (bucket, region) => {
      const key = await realCreate(bucket, region);
      made.resolve(key);
      await release.promise;
      return key;
    };
    await h.command(REQUESTER, `rotate media-assets ${first}`);
    const successorKey = await made.promise;

    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    // The revoke ends the rotation while its key is being made; the issuer then deletes that key.
    while ((await requests()).some((r) => r.state !== 'REVOKED')) await new Promise((r) => setImmediate(r));
    release.resolve();
    await h.settle();

    expect(keysOn('media-assets')).toEqual([]);
    const secrets = h.slack.messages.filter((m) => textOf(m).includes('Secret access key'));
    expect(secrets.some((m) => textOf(m).includes(successorKey.accessKeyId))).toBe(false);
    expect((await requests()).map((r) => r.state)).toEqual(['REVOKED', 'REVOKED']);
    // Lightsail had not confirmed that key gone when the revoke ran: the review stayed open, said so,
    // and a second press, with the issuer done, closes it.
    expect(await events('break_glass_review_failed')).toMatchObject([
      { detail: expect.stringContaining('IssueInProgress') },
    ]);
    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    await h.settle();
    const grantId = String((await requests())[0]?.requestId);
    expect(await h.bot.deps.grants.get(grantId)).toMatchObject({ reviewRevoked: true, reviewedBy: APPROVER });
  });

  it('deletes, from the sweeper, the key a revoked rotation’s dead worker made', async () => {
    const first = await breakGlass();
    const made = deferred<NewBucketKey>();
    const never = deferred<void>();
    const realCreate = h.bot.deps.keys.createKey.bind(h.bot.deps.keys);
    h.bot.deps.keys.createKey = async (bucket, region) => {
      const key = await realCreate(bucket, region);
      made.resolve(key);
      await never.promise;
      return key;
    };
    await h.command(REQUESTER, `rotate media-assets ${first}`);
    const orphan = await made.promise;
    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    // The revoke has answered (and said a key may still be in the making) while the worker is gone.
    while ((await events('break_glass_review_failed')).length === 0)
      await new Promise((r) => setImmediate(r));
    expect(keysOn('media-assets')).toEqual([orphan.accessKeyId]);
    expect((await requests()).map((r) => r.state)).toEqual(['REVOKED', 'REVOKED']);

    clock.advance(10 * 60_000);
    expect((await h.sweep()).repairedIssuing).toBe(1);

    expect(keysOn('media-assets')).toEqual([]);
    expect((await requests()).every((r) => r.state === 'REVOKED' && r.dueAt === undefined)).toBe(true);
    // The worker comes back to a revoked claim: it makes no delivery, and the sweeper's work stands.
    h.bot.deps.keys.createKey = realCreate;
    never.resolve();
    await h.settle();
    expect(h.slack.messages.some((m) => textOf(m).includes(orphan.secretAccessKey))).toBe(false);
  });

  it('refuses to rotate a break-glass key where rotations need approval, so it never becomes an approved key', async () => {
    deployPolicy(POLICY.replace('keyMaxAge: 30d', 'keyMaxAge: 30d\n    rotationNeedsApproval: true'));
    const first = await breakGlass();

    await rotate(first);

    expect(keysOn('media-assets')).toEqual([first]);
    expect((await requests()).map((r) => r.state)).toEqual(['ISSUED']);
    expect((await events('refused_rotate')).map((e) => e.detail)).toEqual([
      'break-glass rotation needs approval',
    ]);
  });

  it('makes an approver’s revoke of a key still being delivered a revoke of its whole grant', async () => {
    const first = await approvedKey();
    const delivering = deferred<void>();
    const release = deferred<void>();
    const realSend = h.bot.deps.messenger.ephemeralDirectMessage.bind(h.bot.deps.messenger);
    h.bot.deps.messenger.ephemeralDirectMessage = async (userId, message) => {
      delivering.resolve();
      await release.promise;
      return realSend(userId, message);
    };
    await h.command(REQUESTER, `rotate media-assets ${first}`);
    await delivering.promise;
    const second = keysOn('media-assets').at(-1) as string;

    await h.command(APPROVER, `revoke media-assets ${second}`);
    await h.click(APPROVER, ACTION.revokeConfirm, h.slack.visibleTo(APPROVER).at(-1)!);
    while (keysOn('media-assets').length > 0) await new Promise((r) => setImmediate(r));
    release.resolve();
    await h.settle();

    expect(keysOn('media-assets')).toEqual([]);
    expect((await events('grant_revoked'))[0]?.detail).toContain(first);
  });

  it('lets the default approvers review a break-glass on a bucket that left the policy', async () => {
    await breakGlass();
    deployPolicy(POLICY.replace(/ {2}media-assets:\n(?: {4}.*\n)+/, ''));

    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    await h.settle();

    expect(keysOn('media-assets')).toEqual([]);
    expect(await events('refused_break_glass_review')).toEqual([]);
  });
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
