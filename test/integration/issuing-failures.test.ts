import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Policy } from '../../src/domain/policy.js';
import { ACTION } from '../../src/slack/messages/ids.js';
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

describe('issuing when things go wrong', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  /** Requests and approves a key for `bucket`; returns the DM with the "Create key now" button. */
  async function approved(bucket = 'media-assets') {
    await h.command(REQUESTER, `create ${bucket} data migration`);
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    const dm = h
      .dmOf(REQUESTER)
      .filter((m) => hasButton(m, ACTION.createKeyNow))
      .at(-1);
    if (!dm) throw new Error('no approval DM');
    return dm;
  }

  async function requestRecord() {
    return (await h.requestItems()).find((item) => 'seq' in item)!;
  }

  const lastReplyTo = (userId: string) => textOf(h.lastAnswerTo(userId));

  it('issues at once when the requester runs create again with an approval on record', async () => {
    await approved();
    await h.command(REQUESTER, 'create media-assets');
    await h.settle();

    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(1);
    expect((await requestRecord()).state).toBe('ISSUED');
    expect(lastReplyTo(REQUESTER)).toContain('is ready');
  });

  it('deletes the key and keeps the approval when the ephemeral delivery fails', async () => {
    const dm = await approved();
    h.slack.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(0);
    const record = await requestRecord();
    expect(record.state).toBe('APPROVED');
    expect(record.accessKeyId).toBeUndefined();
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain('could not show it to you, so I deleted it');

    // and the approval still works
    await h.click(REQUESTER, ACTION.createKeyNow, h.dmOf(REQUESTER).at(-1)!);
    await h.settle();
    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(1);
    expect((await requestRecord()).state).toBe('ISSUED');
  });

  it('refuses a third key, shows the existing two, and keeps the approval usable', async () => {
    h.lightsail.state.addKey('media-assets');
    h.lightsail.state.addKey('media-assets');
    const dm = await approved();
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    const keys = h.lightsail.state.buckets.get('media-assets')!.keys;
    expect(keys).toHaveLength(2);
    const reply = lastReplyTo(REQUESTER);
    expect(reply).toContain('already holds 2 access keys');
    for (const key of keys) expect(reply).toContain(key.accessKeyId);
    expect((await requestRecord()).state).toBe('APPROVED');
  });

  it('treats Lightsail refusing a third key under a race as the key limit', async () => {
    const dm = await approved();
    // Between our count and our create, two keys appear elsewhere.
    h.lightsail.failNext('GetBucketAccessKeys', { delayMs: 0 });
    const original = h.lightsail.state.createKey.bind(h.lightsail.state);
    let raced = false;
    h.lightsail.state.createKey = (bucket, region) => {
      if (!raced) {
        raced = true;
        h.lightsail.state.addKey('media-assets');
        h.lightsail.state.addKey('media-assets');
      }
      return original(bucket, region);
    };
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(2);
    expect(lastReplyTo(REQUESTER)).toContain('already holds 2 access keys');
    expect((await requestRecord()).state).toBe('APPROVED');
  });

  it('reports a bucket that does not exist without recording a request', async () => {
    await h.command(REQUESTER, 'create no-such-bucket why not');
    await h.settle();

    expect(lastReplyTo(REQUESTER)).toContain('There is no bucket *no-such-bucket*');
    expect(await h.allItems()).toHaveLength(0);
    expect(h.approvalCards()).toHaveLength(0);
  });

  const cases: Array<[string, string, boolean]> = [
    ['NotFoundException', 'There is no bucket', false],
    ['InvalidInputException', 'refused the request', false],
    ['AccessDeniedException', 'permissions or credentials are wrong', true],
    ['UnauthenticatedException', 'permissions or credentials are wrong', true],
    ['RegionSetupInProgressException', 'still setting up', false],
    ['OperationFailureException', 'Something went wrong on my side', false],
  ];
  it.each(cases)(
    'explains %s from CreateBucketAccessKey and keeps the approval',
    async (exception, expected, alertsApprovers) => {
      const dm = await approved();
      h.lightsail.failNext('CreateBucketAccessKey', { exception });
      await h.click(REQUESTER, ACTION.createKeyNow, dm);
      await h.settle();

      expect(lastReplyTo(REQUESTER)).toContain(expected);
      expect(lastReplyTo(REQUESTER)).not.toMatch(/at .*\.(ts|js):\d+/);
      expect((await requestRecord()).state).toBe('APPROVED');
      expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(0);
      // A create is never retried: a lost answer would otherwise mint a key nobody sees.
      expect(h.lightsail.calls.filter((c) => c.operation === 'CreateBucketAccessKey')).toHaveLength(1);
      const alerts = h.slack.messages.filter(
        (m) => m.channel === APPROVAL_CHANNEL && textOf(m).includes(exception),
      );
      expect(alerts.length > 0).toBe(alertsApprovers);
      const audit = await h.bot.deps.audit.query({
        subject: { kind: 'bucket', bucket: 'media-assets' },
        pageSize: 20,
      });
      expect(audit.events.find((e) => e.type === 'key_issue_failed')?.detail).toBe(exception);
    },
  );

  const auditOf = async (bucket = 'media-assets') =>
    (await h.bot.deps.audit.query({ subject: { kind: 'bucket', bucket }, pageSize: 50 })).events;
  const keysOf = (bucket = 'media-assets') =>
    h.lightsail.state.buckets.get(bucket)!.keys.map((key) => key.accessKeyId);
  const channelPosts = () => h.slack.messages.filter((m) => m.channel === APPROVAL_CHANNEL && !m.visibleTo);

  it.each([
    ['a ServiceException', { exception: 'ServiceException' }, 'ServiceException'],
    ['an HTTP 500', { status: 500 }, 'HTTP 500'],
    ['an HTTP 503', { status: 503 }, 'HTTP 503'],
  ] as const)(
    'gives the approval back at once after %s on create, with a button to try again straight away',
    async (_, fault, detail) => {
      const dm = await approved();
      h.lightsail.failNext('CreateBucketAccessKey', fault);
      await h.click(REQUESTER, ACTION.createKeyNow, dm);
      await h.settle();

      const answer = h.lastAnswerTo(REQUESTER)!;
      expect(textOf(answer)).toContain('answered with an error');
      expect(textOf(answer)).toContain('try again straight away');
      expect((await requestRecord()).state).toBe('APPROVED');
      expect((await auditOf()).find((e) => e.type === 'key_issue_failed')?.detail).toBe(detail);

      // No clock moves and no sweep runs: the button in that answer issues the key now.
      await h.click(REQUESTER, ACTION.createKeyNow, answer);
      await h.settle();
      expect((await requestRecord()).state).toBe('ISSUED');
      expect(keysOf()).toHaveLength(1);
    },
  );

  it('keeps the claim for the sweeper after a 504, since a gateway gave up waiting for Lightsail', async () => {
    const dm = await approved();
    h.lightsail.failNext('CreateBucketAccessKey', { status: 504 });
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    expect(lastReplyTo(REQUESTER)).toContain('did not answer in time');
    expect((await requestRecord()).state).toBe('ISSUING');
    expect((await auditOf()).find((e) => e.type === 'key_issue_failed')?.detail).toBe(
      'HTTP 504 (outcome unknown)',
    );
  });

  it.each([
    ['without the secret', 'secretAccessKey'],
    ['without a key id', 'accessKeyId'],
  ] as const)(
    'deletes the key a create answered %s made, frees its slot, keeps the key that was there, and tells the approvers',
    async (_, missing) => {
      const byHand = h.lightsail.state.addKey('media-assets');
      const dm = await approved();
      h.lightsail.failNext('CreateBucketAccessKey', { answerWithout: missing });
      await h.click(REQUESTER, ACTION.createKeyNow, dm);
      await h.settle();

      const ghost = h.lightsail.calls.filter((c) => c.operation === 'DeleteBucketAccessKey').at(-1)?.input
        .accessKeyId as string;
      expect(keysOf()).toEqual([byHand.accessKeyId]);
      expect(ghost).toMatch(/^AKIA/);
      expect((await requestRecord()).state).toBe('APPROVED');
      const post = channelPosts().at(-1);
      expect(textOf(post)).toContain(ghost);
      expect(textOf(post)).toContain('media-assets');
      expect(textOf(post)).not.toContain(byHand.accessKeyId);
      expect((await auditOf()).find((e) => e.type === 'issuing_repaired')?.accessKeyId).toBe(ghost);

      // The slot is free again: the same approval makes the bucket's second key.
      await h.click(REQUESTER, ACTION.createKeyNow, h.lastAnswerTo(REQUESTER)!);
      await h.settle();
      expect((await requestRecord()).state).toBe('ISSUED');
      expect(keysOf()).toHaveLength(2);
      expect(keysOf()).toContain(byHand.accessKeyId);
    },
  );

  it('leaves a failed create to the sweeper, and says so, when what it left cannot be checked now', async () => {
    const dm = await approved();
    h.lightsail.failNext('GetBucketAccessKeys', { delayMs: 0 }); // the count before the create
    h.lightsail.failNext('CreateBucketAccessKey', { answerWithout: 'accessKeyId' });
    for (let n = 0; n < 3; n++)
      h.lightsail.failNext('GetBucketAccessKeys', { exception: 'ServiceException' });
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    expect(lastReplyTo(REQUESTER)).toContain('could not check yet what it left behind');
    expect((await requestRecord()).state).toBe('ISSUING');
    expect(keysOf()).toHaveLength(1); // the sweeper deletes it once the claim times out
  });

  it('leaves a failed create to the sweeper while another claim on the bucket may be recording its key', async () => {
    // Someone else's issue on the same bucket is under way (claimed, key not yet recorded).
    await h.command(APPROVER2, 'create media-assets their own reason');
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    const theirs = (await h.requestItems()).find((item) => item.requesterId === APPROVER2 && 'seq' in item)!;
    const now = new Date();
    await h.bot.deps.requests.claim(String(theirs.requestId), APPROVER2, {
      token: 'their-worker',
      at: now.toISOString(),
      dueAt: new Date(now.getTime() + 5 * 60_000).toISOString(),
    });

    const dm = await approved();
    h.lightsail.failNext('CreateBucketAccessKey', { answerWithout: 'accessKeyId' });
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    expect(lastReplyTo(REQUESTER)).toContain('could not check yet what it left behind');
    const mine = (await h.requestItems()).find((item) => item.requesterId === REQUESTER && 'seq' in item)!;
    expect(mine.state).toBe('ISSUING');
    expect(keysOf()).toHaveLength(1);
  });

  it('refuses to issue for a bucket the policy no longer allows, and keeps the approval', async () => {
    const dm = await approved();
    // The bot restarts with a policy that no longer lists media-assets; the approval is on record.
    h.bot.deps.policy = new Policy(
      { region: 'us-east-1', approvers: [APPROVER] },
      { restrictToListedBuckets: true, buckets: { 'nightly-backups': {} } },
    );
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    expect(lastReplyTo(REQUESTER)).toContain('no longer a bucket that keys can be issued for');
    expect(keysOf()).toHaveLength(0);
    expect(h.lightsail.calls.filter((c) => c.operation === 'CreateBucketAccessKey')).toHaveLength(0);
    expect((await requestRecord()).state).toBe('APPROVED');
    const refused = (await auditOf()).find((e) => e.type === 'key_issue_refused_policy');
    expect(refused).toMatchObject({
      outcome: 'refused',
      actorId: REQUESTER,
      requestId: (await requestRecord()).requestId,
    });
  });

  it('gives a reference id for a failure nobody can act on, and logs it', async () => {
    const dm = await approved();
    h.lightsail.failNext('CreateBucketAccessKey', { exception: 'OperationFailureException' });
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();

    const ref = /Reference `([0-9a-f]{8})`/.exec(lastReplyTo(REQUESTER))?.[1];
    expect(ref).toBeDefined();
    expect(h.logs.some((line) => line.includes(ref!))).toBe(true);
  });
});
