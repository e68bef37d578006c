import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { campaignIdFor } from '../../src/domain/review.js';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { blockActionBody, sendSigned } from '../../src/sandbox/slack/signed-request.js';
import { dmChannelOf, type StoredMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { DYNAMO_BACKENDS, startDynamoBackend } from '../support/dynamo-backends.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  APPROVER2,
  AUDITOR,
  type Harness,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';
import { policyFiles } from '../support/policy-file.js';

const DAY = 86_400_000;
/** Each case issues keys through Slack, Lightsail and DynamoDB, then sweeps: dozens of loopback calls. */
const SLOW = 60_000;
const HOLDER2 = 'UHOLDER002';
const CAMPAIGN = campaignIdFor('media-assets', 1);
const POLICY = `
buckets:
  media-assets:
    review: { every: 90d, deadline: 14d, reviewers: [${APPROVER}, ${APPROVER2}] }
  nightly-backups: {}
`;

/**
 * Access reviews through the real SDKs against the stand-ins (DynamoDB, the Lightsail emulator, the
 * Slack stand-in), with a manual clock, on both DynamoDB backends: each case rests on a conditional
 * write, and on what Lightsail and Slack answer.
 */
describe.each(DYNAMO_BACKENDS)('access reviews, on %s', (backend) => {
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
    h.slack.workspace.users[HOLDER2] = { name: 'holder2', realName: 'Holder Two', guest: 'multi-channel' };
  });
  afterEach(async () => {
    await h.stop();
  });

  const keysOn = (bucket = 'media-assets') =>
    h.lightsail.state.buckets.get(bucket)?.keys.map((k) => k.accessKeyId) ?? [];
  async function events(type: string) {
    const page = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'media-assets' },
      pageSize: 100,
    });
    return page.events.filter((e) => e.type === type);
  }
  /** A key for `userId` on media-assets, approved by `approver`; its grant id and key id. */
  async function keyFor(userId: string, approver = APPROVER) {
    await h.command(userId, 'create media-assets nightly export');
    await h.settle();
    await h.click(approver, ACTION.approve, h.approvalCards().at(-1) as StoredMessage);
    await h.settle();
    await h.command(userId, 'create media-assets');
    await h.settle();
    const accessKeyId = keysOn().at(-1) as string;
    const record = (await h.requestItems()).find((r) => r.accessKeyId === accessKeyId);
    return { accessKeyId, grantId: String(record?.grantId ?? record?.requestId) };
  }
  /** The reviewer's DM about the campaign, as it is now. */
  const reviewDm = (userId: string) =>
    h.slack
      .visibleTo(userId, dmChannelOf(userId))
      .filter((m) => m.text.startsWith('Access review of'))
      .at(-1);
  const campaign = () => h.bot.deps.campaigns.get(CAMPAIGN);
  /** Keep or Revoke on one key's row of a reviewer's DM. */
  async function clickKey(userId: string, actionId: string, grantId: string) {
    const message = reviewDm(userId) as StoredMessage;
    const value = (message.blocks ?? [])
      .flatMap((b: { elements?: Array<{ action_id?: string; value?: string }> }) => b.elements ?? [])
      .find(
        (e: { action_id?: string; value?: string }) =>
          e.action_id === actionId && e.value?.split(' ')[1] === grantId,
      )?.value;
    if (!value) throw new Error(`no ${actionId} for ${grantId} in ${userId}'s DM`);
    const responseUrl = h.slack.newResponseUrl(userId, message.channel, message);
    await sendSigned(
      `${h.bot.url}/slack/events`,
      SIGNING_SECRET,
      blockActionBody({
        userId,
        actionId,
        value,
        in: { channelId: message.channel, messageTs: message.ts, responseUrl },
      }),
    );
  }
  const answersTo = (userId: string) =>
    h.slack
      .visibleTo(userId, dmChannelOf(userId))
      .filter((m) => m.via === 'response_url')
      .map((m) => textOf(m));

  it(
    'opens a campaign once across two concurrent sweeps, and each reviewer gets one DM of every key',
    async () => {
      const riley = await keyFor(REQUESTER);
      const other = await keyFor(HOLDER2);
      h.lightsail.state.markUsed(riley.accessKeyId, {
        at: new Date('2030-01-02T03:04:05Z'),
        region: 'eu-west-1',
        service: 's3',
      });

      const reports = await Promise.all([h.sweep(), h.sweep()]);

      expect(reports.map((r) => r.reviewsOpened).sort()).toEqual([0, 1]);
      expect((await h.allItems()).filter((i) => String(i.requestId).startsWith('REVIEW#'))).toHaveLength(1);
      expect(await events('review_opened')).toHaveLength(1);
      for (const reviewer of [APPROVER, APPROVER2]) {
        const dms = h.slack
          .visibleTo(reviewer, dmChannelOf(reviewer))
          .filter((m) => m.text.startsWith('Access review of'));
        expect(dms).toHaveLength(1);
        const text = textOf(dms[0]);
        for (const key of [riley.accessKeyId, other.accessKeyId]) expect(text).toContain(key);
        expect(text).toContain('eu-west-1, s3');
        expect(text).toContain('never used');
        expect(text).toContain('(*guest*)');
      }
      expect(textOf(h.dmOf(HOLDER2).at(-1))).toContain('under review');
    },
    SLOW,
  );

  it(
    'Keep keeps the key; Revoke revokes its grant, and its holder is told each',
    async () => {
      const riley = await keyFor(REQUESTER);
      const other = await keyFor(HOLDER2);
      await h.sweep();

      await clickKey(APPROVER, ACTION.reviewKeep, riley.grantId);
      await h.settle();
      await clickKey(APPROVER, ACTION.reviewRevoke, other.grantId);
      await h.settle();

      expect(keysOn()).toEqual([riley.accessKeyId]);
      expect((await h.bot.deps.grants.get(other.grantId))?.state).toBe('REVOKED');
      expect((await h.bot.deps.grants.get(riley.grantId))?.state).toBe('ACTIVE');
      const stored = await campaign();
      expect(stored?.entries[riley.grantId]?.decision).toMatchObject({ kind: 'kept', by: APPROVER });
      expect(stored?.entries[other.grantId]).toMatchObject({
        decision: { kind: 'revoked' },
        revoke: { state: 'done' },
      });
      // The DM is redrawn in place: both keys decided, no buttons left.
      const dm = reviewDm(APPROVER) as StoredMessage;
      expect(textOf(dm)).toContain('*Kept* by');
      expect(textOf(dm)).toContain('*Revoked* by');
      expect(textOf(dm)).not.toContain(ACTION.reviewKeep);
      expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain('was kept by');
      expect(textOf(h.dmOf(HOLDER2).at(-1))).toContain('was revoked by');
      expect((await events('review_kept')).map((e) => e.actorId)).toEqual([APPROVER]);
      expect((await events('review_revoked')).map((e) => e.outcome)).toEqual(['ok']);
    },
    SLOW,
  );

  it(
    'refuses a reviewer their own key, on the chain, and changes nothing',
    async () => {
      const own = await keyFor(APPROVER, APPROVER2);
      await h.sweep();

      await clickKey(APPROVER, ACTION.reviewRevoke, own.grantId);
      await h.settle();

      expect(keysOn()).toEqual([own.accessKeyId]);
      expect((await campaign())?.entries[own.grantId]?.decision).toBeUndefined();
      expect(answersTo(APPROVER).join()).toContain('cannot decide your own key');
      expect((await events('review_refused_own_key')).map((e) => [e.actorId, e.outcome])).toEqual([
        [APPROVER, 'refused'],
      ]);
    },
    SLOW,
  );

  it(
    'makes one decision when two reviewers click at once, and tells the second who decided',
    async () => {
      const riley = await keyFor(REQUESTER);
      await h.sweep();

      await Promise.all([
        clickKey(APPROVER, ACTION.reviewKeep, riley.grantId),
        clickKey(APPROVER2, ACTION.reviewRevoke, riley.grantId),
      ]);
      await h.settle();

      const decision = (await campaign())?.entries[riley.grantId]?.decision;
      const loser = decision?.by === APPROVER ? APPROVER2 : APPROVER;
      expect(answersTo(loser).join()).toContain('decided already');
      expect(answersTo(loser).join()).toContain(`<@${decision?.by}>`);
      expect((await events('review_kept')).length + (await events('review_revoked')).length).toBe(1);
      expect(keysOn()).toEqual(decision?.kind === 'kept' ? [riley.accessKeyId] : []);
    },
    SLOW,
  );

  it(
    'revokes an unreviewed key at the deadline, tells its holder why, and sums up in the approvers’ channel',
    async () => {
      const riley = await keyFor(REQUESTER);
      const other = await keyFor(HOLDER2);
      await h.sweep();
      await clickKey(APPROVER2, ACTION.reviewKeep, riley.grantId);
      await h.settle();
      clock.advance(7 * DAY);
      await h.sweep();
      expect(textOf(h.dmOf(APPROVER).at(-1))).toContain('Half-way to the deadline');

      clock.advance(7 * DAY);
      const report = await h.sweep();

      expect(report.reviewKeysLapsed).toBe(1);
      expect(keysOn()).toEqual([riley.accessKeyId]);
      expect((await h.bot.deps.grants.get(other.grantId))?.state).toBe('REVOKED');
      expect(textOf(h.dmOf(HOLDER2).at(-1))).toContain('no reviewer kept it');
      const summary = h.slack.messages.filter(
        (m) => m.channel === APPROVAL_CHANNEL && m.text.includes(CAMPAIGN),
      );
      expect(summary).toHaveLength(1);
      expect(textOf(summary[0])).toContain('kept 1 · revoked 0 · open 0 · lapsed 1');
      expect((await campaign())?.state).toBe('CLOSED');
      expect(await events('review_closed')).toHaveLength(1);
      await h.sweep();
      expect(
        h.slack.messages.filter((m) => m.channel === APPROVAL_CHANNEL && m.text.includes(CAMPAIGN)),
      ).toHaveLength(1);

      // Alex's DM still shows the buttons of then: a click on the closed campaign changes nothing, and says so.
      await clickKey(APPROVER, ACTION.reviewKeep, other.grantId);
      await h.settle();
      expect(answersTo(APPROVER).join()).toContain('no longer takes decisions');
      expect((await campaign())?.entries[other.grantId]?.decision?.kind).toBe('lapsed');
      expect(await events('review_kept')).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'sends the report, one row per key with its decision, to the asker’s DM; an unknown campaign is named',
    async () => {
      const riley = await keyFor(REQUESTER);
      const other = await keyFor(HOLDER2);
      await h.sweep();
      await clickKey(APPROVER, ACTION.reviewKeep, riley.grantId);
      await clickKey(APPROVER, ACTION.reviewRevoke, other.grantId);
      await h.settle();

      await h.command(AUDITOR, `review report ${CAMPAIGN}`);
      await h.settle();
      await h.command(AUDITOR, 'review report REV-media-assets-9 --format jsonl');
      await h.settle();
      await h.command(AUDITOR, 'review');
      await h.settle();

      const file = [...h.slack.uploads.files.values()].at(-1);
      const rows = String(file?.content).trim().split('\r\n');
      expect(rows).toHaveLength(3);
      expect(rows.find((r) => r.includes(riley.accessKeyId))).toContain(`"kept","${APPROVER}"`);
      expect(rows.find((r) => r.includes(other.accessKeyId))).toContain(`"revoked","${APPROVER}"`);
      expect(rows.find((r) => r.includes(other.accessKeyId))).toContain('"guest"');
      const answers = h.slack
        .visibleTo(AUDITOR)
        .filter((m) => m.via === 'response_url' || m.via === 'ack')
        .map(textOf);
      expect(answers.some((a) => a.includes('is in your DM'))).toBe(true);
      expect(answers.some((a) => a.includes('There is no access review `REV-media-assets-9`'))).toBe(true);
      expect(answers.at(-1)).toContain('kept 1 · revoked 1 · open 0 · lapsed 0');
    },
    SLOW,
  );

  it(
    'lists a Revoke Lightsail failed as "revoke failed", retries it at the next sweep, and shows a deleted key as gone',
    async () => {
      const riley = await keyFor(REQUESTER);
      const other = await keyFor(HOLDER2);
      await h.sweep();
      h.lightsail.failNext('DeleteBucketAccessKey', { exception: 'ServiceException' });
      h.lightsail.failNext('DeleteBucketAccessKey', { exception: 'ServiceException' });

      await clickKey(APPROVER, ACTION.reviewRevoke, riley.grantId);
      await h.settle();
      expect(keysOn()).toContain(riley.accessKeyId);
      expect(textOf(reviewDm(APPROVER))).toContain('revoke failed');
      // Deleted outside the bot, in the console: not reviewed, shown as gone.
      h.lightsail.state.deleteKey('media-assets', other.accessKeyId, 'us-east-1');

      await h.sweep();

      expect(keysOn()).toEqual([]);
      const stored = await campaign();
      expect(stored?.entries[riley.grantId]?.revoke?.state).toBe('done');
      expect(stored?.entries[other.grantId]).toMatchObject({ gone: { why: 'deleted_outside' } });
      expect(stored?.entries[other.grantId]?.decision).toBeUndefined();
    },
    SLOW,
  );

  it(
    'answers bad input clearly, and changes nothing',
    async () => {
      await h.command(AUDITOR, 'review report not-a-campaign');
      await h.command(AUDITOR, 'review report REV-media-assets-1 --format xml');
      await h.command(REQUESTER, 'review');
      await h.settle();

      const answers = [...h.slack.visibleTo(AUDITOR), ...h.slack.visibleTo(REQUESTER)].map(textOf).join('\n');
      expect(answers).toContain('is not a valid campaign id');
      expect(answers).toContain('`--format` is `csv` or `jsonl`');
      expect(answers).toContain('Only approvers and auditors may read access reviews');
      expect((await h.allItems()).filter((i) => String(i.requestId).startsWith('REVIEW'))).toEqual([]);
    },
    SLOW,
  );
});
