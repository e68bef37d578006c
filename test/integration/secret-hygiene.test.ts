import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logging/powertools-logger.js';
import type { Job, SignedSlackRequest } from '../../src/ports/job-queue.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { APPROVER, AUDITOR, type Harness, hasButton, REQUESTER, startHarness } from '../support/harness.js';

/**
 * Runs every issuing path at LOG_LEVEL=debug, collects everything the bot printed,
 * stored, enqueued and sent, and proves each secret occurs only in the ephemeral DM,
 * and that no response_url or audit cursor (bearer values) is printed at all.
 */
describe('secret hygiene', () => {
  let h: Harness;
  const printed: string[] = [];
  const jobs: Job[] = [];
  const handedOff: SignedSlackRequest[] = [];
  const originalStdout = process.stdout.write.bind(process.stdout);
  const originalStderr = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    const capture = (chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    h = await startHarness({ LOG_LEVEL: 'debug' }, { logger: createLogger('DEBUG') });
    const enqueue = h.bot.jobs.enqueue.bind(h.bot.jobs);
    // Everything handed to the worker: the job and the signed Slack request it travels with.
    h.bot.jobs.enqueue = async (job, signed) => {
      jobs.push(job);
      if (signed) handedOff.push(signed);
      return enqueue(job, signed);
    };
  });
  afterAll(async () => {
    process.stdout.write = originalStdout;
    process.stderr.write = originalStderr;
    await h.stop();
  });

  async function approve(bucket: string) {
    await h.command(REQUESTER, `create ${bucket} hygiene run`);
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    return h
      .dmOf(REQUESTER)
      .filter((m) => hasButton(m, ACTION.createKeyNow))
      .at(-1)!;
  }

  it('never lets a secret out of the one ephemeral DM message', async () => {
    // A delivery that fails (the secret was minted, then the key deleted), then one that succeeds.
    const dm = await approve('media-assets');
    h.slack.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();
    h.slack.failNext('chat.postEphemeral', { status: 500 });
    h.slack.failNext('chat.postEphemeral', { status: 500 });
    h.slack.failNext('chat.postEphemeral', { status: 500 });
    await h.click(REQUESTER, ACTION.createKeyNow, h.dmOf(REQUESTER).at(-1)!);
    await h.settle();
    await h.command(REQUESTER, 'create media-assets');
    await h.settle();
    // And an issue through the "create again" path on a second bucket.
    await approve('nightly-backups');
    await h.command(REQUESTER, 'create nightly-backups');
    await h.settle();

    // A Lightsail failure mid-issue, and every read and lifecycle path afterwards.
    await approve('media-assets');
    h.lightsail.failNext('CreateBucketAccessKey', { exception: 'AccessDeniedException' });
    await h.command(REQUESTER, 'create media-assets');
    await h.settle();
    for (const [user, text] of [
      [REQUESTER, 'status'],
      [AUDITOR, 'list media-assets'],
      [AUDITOR, 'audit media-assets'],
      [AUDITOR, `audit <@${REQUESTER}|riley>`],
      [REQUESTER, 'audit media-assets'],
      [AUDITOR, 'audit verify'],
      [AUDITOR, 'audit export all'],
      [AUDITOR, 'audit export all --format jsonl'],
      [AUDITOR, `audit export <@${REQUESTER}|riley>`],
    ] as const) {
      await h.command(user, text);
      await h.settle();
    }
    // A second page of an audit lookup: its job carries the log's cursor.
    await h.command(AUDITOR, 'audit media-assets --limit 2');
    await h.settle();
    await h.click(AUDITOR, ACTION.auditMore, h.lastAnswerTo(AUDITOR)!);
    await h.settle();
    const key = h.lightsail.state.buckets.get('nightly-backups')?.keys[0]?.accessKeyId ?? '';
    await h.command(REQUESTER, `revoke nightly-backups ${key}`);
    await h.click(REQUESTER, ACTION.revokeConfirm, h.slack.visibleTo(REQUESTER).at(-1)!);
    await h.settle();
    await h.sweep();
    await h.event({
      type: 'app_home_opened',
      user: REQUESTER,
      channel: 'DREQUESTER',
      tab: 'home',
      event_ts: '1.0',
    });
    await h.settle();

    const secrets = h.lightsail.issuedSecrets;
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const delivered = h.slack.messages.filter((m) => secrets.some((s) => JSON.stringify(m).includes(s)));
    expect(delivered).toHaveLength(2);
    for (const message of delivered) {
      expect(message).toMatchObject({
        channel: 'DREQUESTER',
        visibleTo: REQUESTER,
        via: 'chat.postEphemeral',
      });
    }

    const elsewhere = {
      printed: printed.join(''),
      items: JSON.stringify(await h.allItems()),
      jobs: JSON.stringify(jobs),
      handedOff: JSON.stringify(handedOff),
      otherSlackCalls: JSON.stringify(h.slack.calls.filter((c) => c.method !== 'chat.postEphemeral')),
      normalMessages: JSON.stringify(h.slack.messages.filter((m) => m.via !== 'chat.postEphemeral')),
      homeViews: JSON.stringify([...h.slack.homeViews.values()]),
      exports: JSON.stringify([...h.slack.uploads.files.values()]),
    };
    // The exports really happened, and hold the run's events (key ids included), never a secret.
    expect(h.slack.uploads.files.size).toBe(3);
    expect(elsewhere.exports).toContain('key_issued');
    // The run really logged, at debug level, including the failures.
    expect(elsewhere.printed).toContain('"level":"DEBUG"');
    expect(elsewhere.printed).toContain('secret not delivered');
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(elsewhere))
        expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
    for (const call of h.slack.calls.filter((c) => c.method === 'chat.postEphemeral')) {
      expect(call.body).toMatchObject({ channel: 'DREQUESTER', user: REQUESTER });
    }
  });

  it('never prints a response_url or an audit cursor, at any level', () => {
    const responseUrls = jobs.flatMap((job) =>
      'responseUrl' in job && job.responseUrl ? [job.responseUrl] : [],
    );
    const cursors = jobs.flatMap((job) =>
      job.kind === 'audit' && job.query.cursor ? [job.query.cursor] : [],
    );
    // The run above handed off jobs with both, and logged at debug level.
    expect(responseUrls.length).toBeGreaterThan(10);
    expect(cursors.length).toBeGreaterThan(0);
    const logs = printed.join('');
    expect(logs).toContain('"level":"DEBUG"');
    for (const bearer of [...responseUrls, ...cursors])
      expect({ bearer, printed: logs.includes(bearer) }).toEqual({ bearer, printed: false });
    // Nor any part of a response_url that would let it be rebuilt.
    for (const url of responseUrls) expect(logs).not.toContain(new URL(url).pathname);
  });
});
