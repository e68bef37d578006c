import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEventType, describeEventType } from '../../src/domain/audit-event.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVER,
  APPROVER2,
  AUDITOR,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

const HOUR = 3_600_000;

describe('the audit log', () => {
  let h: Harness;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(Date.parse('2026-11-01T09:00:00Z'));
    h = await startHarness({ PENDING_TTL: '1h', APPROVAL_TTL: '2h', KEY_MAX_AGE: '1d' }, { clock });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function lookup(userId: string, text: string): Promise<string> {
    await h.command(userId, `audit ${text}`);
    await h.settle();
    return textOf(h.lastAnswerTo(userId));
  }
  async function run(userId: string, text: string) {
    await h.command(userId, text);
    await h.settle();
  }
  async function click(userId: string, action: string) {
    const message = [...h.slack.messages].reverse().find((m) => hasButton(m, action));
    if (!message) throw new Error(`no ${action} button`);
    await h.click(userId, action, message);
    await h.settle();
  }

  it('records every kind of event and reads each back through its lookup', async () => {
    // Bucket media-assets: created, refused click, self-approval, approved, issue failed, delivery failed, issued, revoke refused, revoked.
    await run(REQUESTER, 'create media-assets quarterly numbers');
    await click(AUDITOR, ACTION.approve);
    await click(APPROVER, ACTION.approve);
    // self-approval: the approver asks for a key on another bucket and clicks their own card
    h.lightsail.state.addBucket('analytics-exports');
    await run(APPROVER, 'create analytics-exports self service');

    await click(APPROVER, ACTION.approve);
    h.lightsail.failNext('CreateBucketAccessKey', { exception: 'OperationFailureException' });
    await run(REQUESTER, 'create media-assets');
    h.slack.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await run(REQUESTER, 'create media-assets');
    await run(REQUESTER, 'create media-assets');
    const key = h.lightsail.state.buckets.get('media-assets')!.keys[0]!.accessKeyId;
    await run(AUDITOR, `revoke media-assets ${key}`);
    await click(AUDITOR, ACTION.revokeConfirm);
    await run(REQUESTER, `revoke media-assets ${key}`);
    await click(REQUESTER, ACTION.revokeConfirm);

    // Bucket nightly-backups: denied; then a request that expires; then an approval that expires unused; then a key that ages out.
    await run(REQUESTER, 'create nightly-backups restore test');
    await click(APPROVER2, ACTION.deny);
    await run(REQUESTER, 'create nightly-backups second try');
    clock.advance(HOUR + 1);
    await h.sweep();
    await run(REQUESTER, 'create nightly-backups third try');
    await click(APPROVER2, ACTION.approve);
    clock.advance(2 * HOUR + 1);
    await h.sweep();
    await run(REQUESTER, 'create nightly-backups fourth try');
    await click(APPROVER2, ACTION.approve);
    await run(REQUESTER, 'create nightly-backups');
    clock.advance(25 * HOUR);
    // an interrupted issue on yet another bucket, and a key nobody issued
    h.lightsail.state.addBucket('scratch-space');
    await run(REQUESTER, 'create scratch-space temp');
    await click(APPROVER, ACTION.approve);
    const scratch = (await h.requestItems()).find((i) => i.bucket === 'scratch-space' && 'seq' in i)!;
    await h.bot.deps.requests.claim(String(scratch.requestId), REQUESTER, {
      token: 't',
      at: clock.now().toISOString(),
      dueAt: clock.now().toISOString(),
    });
    h.lightsail.state.addKey('scratch-space');
    clock.advance(1000);
    await h.sweep();

    // A non-auditor's lookup is refused, and the refusal is itself in the log.
    expect(await lookup(REQUESTER, 'media-assets')).toContain('Only approvers and auditors');

    const media = await lookup(AUDITOR, 'media-assets --limit 40');
    const nightly = await lookup(AUDITOR, 'nightly-backups --limit 40');
    const scratchLog = await lookup(AUDITOR, 'scratch-space --limit 40');
    const analytics = await lookup(APPROVER2, 'analytics-exports');
    const requester = await lookup(AUDITOR, `<@${REQUESTER}|riley> --limit 40`);
    const request = await lookup(AUDITOR, `${String(scratch.requestId).toLowerCase()}`);
    const approverDid = await lookup(AUDITOR, `<@${APPROVER2}|sam> --by --limit 40`);

    const expectations: Array<[AuditEventType, string]> = [
      ['request_created', media],
      ['refused_not_approver', media],
      ['request_approved', media],
      ['key_issue_failed', media],
      ['delivery_failed_key_deleted', media],
      ['key_issued', media],
      ['refused_revoke', media],
      ['key_revoked', media],
      ['refused_self_approval', analytics],
      ['request_denied', nightly],
      ['request_expired', nightly],
      ['approval_expired', nightly],
      ['key_expired_deleted', nightly],
      ['issuing_repaired', request],
      ['unknown_key_found', scratchLog],
      ['refused_not_auditor', requester],
    ];
    for (const [type, text] of expectations)
      expect({ type, found: text.includes(describeEventType(type)) }).toEqual({ type, found: true });
    expect(media).toContain(key);
    expect(media).toContain('OperationFailureException');
    for (const secret of h.lightsail.issuedSecrets) expect(media).not.toContain(secret);
    // What an approver did is one lookup too: their approvals and denials of others' requests.
    expect(approverDid).toContain(`Audit log for what <@${APPROVER2}> did`);
    expect(approverDid).toContain(describeEventType('request_denied'));
    expect(approverDid).toContain(describeEventType('request_approved'));
    expect(approverDid).not.toContain(describeEventType('request_created'));
  });

  it('pages through more than 25 events, newest first, each exactly once', async () => {
    const db = createDynamoClient(h.config);
    const base = Date.parse('2026-10-01T00:00:00Z');
    for (let i = 0; i < 33; i++) {
      const at = new Date(base + i * 60_000).toISOString();
      await db.send(
        new PutCommand({
          TableName: h.config.tables.audit,
          Item: {
            chain: 'events',
            seq: 1000 + i,
            eventId: `${at}#${String(i).padStart(4, '0')}`,
            at,
            type: 'request_created',
            outcome: 'ok',
            actorId: 'UPAGER',
            subjectUserId: 'UPAGER',
            bucket: 'paged-bucket',
            detail: `event ${i}`,
          },
        }),
      );
    }
    // Through the port: every page is one Query.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.bot.deps.audit.query({
        subject: { kind: 'bucket', bucket: 'paged-bucket' },
        pageSize: 10,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.events.map((e) => String(e.detail)));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 33 }, (_, i) => `event ${32 - i}`));

    // Through Slack: ten a page, "More" until the end.
    await h.command(AUDITOR, 'audit paged-bucket');
    await h.settle();
    const shown: string[] = [];
    for (let pages = 0; pages < 10; pages++) {
      const answer = h.lastAnswerTo(AUDITOR)!;
      // Details are plain_text objects: `{"type":"plain_text","text":"event 32",…}`.
      shown.push(...[...textOf(answer).matchAll(/"text":"event (\d+)"/g)].map((m) => m[1]!));
      if (!hasButton(answer, ACTION.auditMore)) break;
      await h.click(AUDITOR, ACTION.auditMore, answer);
      await h.settle();
    }
    expect(shown).toEqual(Array.from({ length: 33 }, (_, i) => String(32 - i)));

    // --since keeps only the recent ones.
    const recent = await lookup(AUDITOR, 'paged-bucket --since 30d');
    expect(recent).not.toContain('"text":"event ');
  });

  it('refuses a forged More button from a non-auditor', async () => {
    await h.command(AUDITOR, 'audit media-assets --limit 1');
    await h.settle();
    const answer = h.lastAnswerTo(AUDITOR)!;
    await h.click(REQUESTER, ACTION.auditMore, answer);
    await h.settle();
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('Only approvers and auditors');
  });
});
