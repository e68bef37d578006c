import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../src/adapters/metrics/memory-metrics.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { sweepOnce } from '../../src/entrypoints/sweep-once.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVER,
  APPROVER2,
  captureLogger,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BUCKET = 'media-assets';

describe('key lifecycle: rotate, warnings, idle keys, Revoke buttons', () => {
  let h: Harness;
  let clock: ManualClock;
  afterEach(async () => {
    await h.stop();
  });

  async function start(env: Record<string, string> = {}) {
    clock = new ManualClock();
    h = await startHarness(env, { clock });
  }

  /** A key issued to the requester the usual way: request, approval, create. Returns its id. */
  async function issueKey(): Promise<string> {
    await h.command(REQUESTER, `create ${BUCKET} lifecycle test`);
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    await h.command(REQUESTER, `create ${BUCKET}`);
    await h.settle();
    return newestKeyId();
  }
  function keyIds(): string[] {
    return h.lightsail.state.buckets.get(BUCKET)!.keys.map((k) => k.accessKeyId);
  }
  function newestKeyId(): string {
    return keyIds().at(-1)!;
  }
  async function recordOf(accessKeyId: string) {
    const [record] = await h.bot.deps.requests.recordsOfKeys(BUCKET, [accessKeyId]);
    return record;
  }
  async function events(type: AuditEvent['type']): Promise<AuditEvent[]> {
    const page = await h.bot.deps.audit.query({ subject: { kind: 'bucket', bucket: BUCKET }, pageSize: 100 });
    return page.events.filter((e) => e.type === type);
  }
  /** The ephemeral DM message that shows the secret of this key. */
  function secretMessageOf(accessKeyId: string) {
    return h
      .dmOf(REQUESTER)
      .find(
        (m) =>
          m.visibleTo === REQUESTER &&
          textOf(m).includes('Secret access key') &&
          textOf(m).includes(accessKeyId),
      );
  }
  function used(accessKeyId: string, at: Date) {
    h.lightsail.state.markUsed(accessKeyId, { at, service: 's3', region: 'us-east-1' });
  }

  it('rotates: the new secret once in the DM, the old key kept until the application moves, then retired', async () => {
    await start();
    const oldKey = await issueKey();
    used(oldKey, new Date(clock.now().getTime() - HOUR));

    await h.command(REQUESTER, `rotate ${BUCKET} ${oldKey}`);
    await h.settle();

    const newKey = newestKeyId();
    expect(newKey).not.toBe(oldKey);
    expect(keyIds()).toEqual([oldKey, newKey]);
    const secret = h.lightsail.issuedSecrets.at(-1)!;
    const holders = h.slack.messages.filter((m) => textOf(m).includes(secret));
    expect(holders).toHaveLength(1);
    expect(holders[0]).toMatchObject({ visibleTo: REQUESTER });
    expect(holders[0]!.channel).toBe(h.dmOf(REQUESTER)[0]!.channel);
    expect(await recordOf(oldKey)).toMatchObject({ state: 'RETIRING', replacedBy: newKey });
    const successor = await recordOf(newKey);
    const original = await recordOf(oldKey);
    // The rotation is the holder's own act under the same grant: nobody approved the new key anew.
    expect(successor).toMatchObject({
      state: 'ISSUED',
      rotates: { accessKeyId: oldKey },
      grantId: original?.requestId,
    });
    expect(successor?.decidedBy).toBeUndefined();
    const issued = (await events('key_issued')).sort((a, b) => a.seq - b.seq);
    expect(issued).toMatchObject([
      { accessKeyId: oldKey, approverId: APPROVER },
      { accessKeyId: newKey, detail: `rotation within grant ${original?.requestId}` },
    ]);
    expect(issued[1]?.approverId).toBeUndefined();
    expect(await events('key_rotated')).toMatchObject([{ accessKeyId: oldKey, actorId: REQUESTER }]);
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain('replaces');

    // The new key is not used yet: the old one stays.
    clock.advance(HOUR);
    expect((await h.sweep()).retiredKeys).toBe(0);
    expect(keyIds()).toContain(oldKey);

    // The application moves: the new key is used, the old one not since.
    clock.advance(HOUR);
    used(newKey, clock.now());
    expect((await h.sweep()).retiredKeys).toBe(1);
    expect(keyIds()).toEqual([newKey]);
    expect(await recordOf(oldKey)).toMatchObject({ state: 'REVOKED', revokedBy: 'bucket-key' });
    expect(await events('old_key_retired')).toMatchObject([
      { accessKeyId: oldKey, detail: `the application moved to ${newKey}` },
    ]);
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain(`Your old key \`${oldKey}\``);
    expect((await h.sweep()).retiredKeys).toBe(0);
  });

  it('keeps the old key while it is still used after the new key’s first use, and retires it when the grace is over', async () => {
    await start({ ROTATION_GRACE: '12h' });
    const oldKey = await issueKey();
    await h.command(REQUESTER, `rotate ${BUCKET} ${oldKey}`);
    await h.settle();
    const newKey = newestKeyId();

    clock.advance(HOUR);
    used(newKey, clock.now());
    clock.advance(HOUR);
    used(oldKey, clock.now()); // a second instance still on the old key
    expect((await h.sweep()).retiredKeys).toBe(0);
    clock.advance(HOUR);
    used(newKey, clock.now()); // the new key's last use moves on; its first use does not
    expect((await h.sweep()).retiredKeys).toBe(0);
    expect(keyIds()).toContain(oldKey);

    clock.advance(10 * HOUR);
    expect((await h.sweep()).retiredKeys).toBe(1);
    expect(keyIds()).toEqual([newKey]);
    expect(await events('old_key_retired')).toMatchObject([
      { accessKeyId: oldKey, detail: 'its grace period is over' },
    ]);
  });

  it('sends the expiry warning exactly once across concurrent sweeps, with Rotate now and Revoke now', async () => {
    await start({ KEY_MAX_AGE: '10d', KEY_EXPIRY_WARNING: '3d' });
    const key = await issueKey();
    clock.advance(6 * DAY);
    expect((await h.sweep()).expiryWarnings).toBe(0);

    clock.advance(DAY + 1);
    // Two `npm run sweep` runs (the entry function, same stand-ins) and the server's own sweep, at once.
    const env = sweepEnv(h);
    const logs: string[] = [];
    const reports = await Promise.all([
      sweepOnce(env, { clock, logger: captureLogger(logs), metrics: new MemoryMetrics() }),
      sweepOnce(env, { clock, logger: captureLogger(logs), metrics: new MemoryMetrics() }),
      h.sweep(),
    ]);
    expect(reports.reduce((n, r) => n + r.expiryWarnings, 0)).toBe(1);
    const warnings = h.dmOf(REQUESTER).filter((m) => textOf(m).includes('expires'));
    expect(warnings.filter((m) => hasButton(m, ACTION.rotateNow))).toHaveLength(1);
    const warning = warnings.find((m) => hasButton(m, ACTION.rotateNow))!;
    expect(hasButton(warning, ACTION.revokeNow)).toBe(true);
    expect(await events('key_expiry_warned')).toHaveLength(1);
    expect((await h.sweep()).expiryWarnings).toBe(0);

    // Rotate now, from the warning: a new key, the old one retiring.
    await h.click(REQUESTER, ACTION.rotateNow, warning);
    await h.settle();
    expect(keyIds()).toHaveLength(2);
    expect(await recordOf(key)).toMatchObject({ state: 'RETIRING', replacedBy: newestKeyId() });
  });

  it('warns about an idle key, counts again after a use, and deletes it when still idle after the warning', async () => {
    await start({ KEY_IDLE_MAX: '30d', KEY_EXPIRY_WARNING: '3d' });
    const key = await issueKey();
    clock.advance(26 * DAY);
    expect((await h.sweep()).idleWarnings).toBe(0);
    clock.advance(DAY + 1);
    expect((await h.sweep()).idleWarnings).toBe(1);
    expect((await h.sweep()).idleWarnings).toBe(0);
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain('has not been used since it was issued');

    // A use keeps it, and starts a new idle spell.
    clock.advance(HOUR);
    used(key, clock.now());
    clock.advance(4 * DAY);
    expect(await h.sweep()).toMatchObject({ idleWarnings: 0, idleKeysDeleted: 0 });
    expect(keyIds()).toEqual([key]);

    clock.advance(23 * DAY);
    expect((await h.sweep()).idleWarnings).toBe(1);
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain('was last used');
    clock.advance(3 * DAY);
    expect((await h.sweep()).idleKeysDeleted).toBe(1);
    expect(keyIds()).toEqual([]);
    expect(await recordOf(key)).toMatchObject({ state: 'REVOKED', revokedBy: 'bucket-key' });
    expect(await events('key_idle_warned')).toHaveLength(2);
    expect(await events('key_idle_deleted')).toMatchObject([{ accessKeyId: key }]);
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain('was deleted');
  });

  it('revokes from the Revoke button on the secret’s message, after Slack’s confirmation dialog', async () => {
    await start();
    const key = await issueKey();
    const secret = secretMessageOf(key)!;
    const button = secret
      .blocks!.flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === ACTION.revokeNow);
    expect(button.confirm).toMatchObject({
      title: { text: 'Revoke this key?' },
      confirm: { text: 'Revoke key' },
    });

    await h.click(REQUESTER, ACTION.revokeNow, secret);
    await h.settle();
    expect(keyIds()).toEqual([]);
    expect(await recordOf(key)).toMatchObject({ state: 'REVOKED', revokedBy: REQUESTER });
    expect(await events('key_revoked')).toMatchObject([{ accessKeyId: key, actorId: REQUESTER }]);
    // The answer replaces the secret's message in place: the secret is no longer shown there.
    const replaced = h.slack.messages.find((m) => m.ts === secret.ts && m.channel === secret.channel);
    expect(textOf(replaced)).toContain('is revoked and deleted');
    expect(textOf(replaced)).not.toContain(h.lightsail.issuedSecrets.at(-1));
  });

  it('revokes from the App Home list of your keys, and the tab then shows it revoked', async () => {
    await start();
    const key = await issueKey();
    await h.event({ type: 'app_home_opened', user: REQUESTER, tab: 'home' });
    await h.settle();
    const home = h.slack.homeViews.get(REQUESTER)!;
    const line = (
      home.blocks as Array<{ text?: { text: string }; accessory?: Record<string, unknown> }>
    ).find((b) => b.accessory?.action_id === ACTION.revokeNow)!;
    expect(line.text?.text).toContain(key);
    expect(line.accessory).toMatchObject({ confirm: { title: { text: 'Revoke this key?' } } });
    const value = String(line.accessory?.value);
    expect(value).toBe(`${BUCKET} ${key}`);

    // A stranger pressing the same button (a forged value) is refused.
    await h.clickInHome('UOUTSIDER1', ACTION.revokeNow, value);
    await h.settle();
    expect(keyIds()).toEqual([key]);
    expect(await events('refused_revoke')).toHaveLength(1);

    await h.clickInHome(REQUESTER, ACTION.revokeNow, value);
    await h.settle();
    expect(keyIds()).toEqual([]);
    expect(await recordOf(key)).toMatchObject({ state: 'REVOKED', revokedBy: REQUESTER });
    const after = h.slack.homeViews.get(REQUESTER)!;
    expect(JSON.stringify(after.blocks)).not.toContain(ACTION.revokeNow);
    expect(JSON.stringify(after.blocks)).toContain('revoked');
  });

  it('refuses to rotate a key the bot did not issue, and audits it', async () => {
    await start();
    const foreign = h.lightsail.state.addKey(BUCKET).accessKeyId;
    await h.command(REQUESTER, `rotate ${BUCKET} ${foreign}`);
    await h.settle();
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('was not issued by bucket-key');
    expect(keyIds()).toEqual([foreign]);
    expect(await events('refused_rotate')).toMatchObject([
      { actorId: REQUESTER, accessKeyId: foreign, outcome: 'refused', detail: 'not issued by bucket-key' },
    ]);
  });

  it('refuses to rotate someone else’s key, and audits it', async () => {
    await start();
    const key = await issueKey();
    await h.command(APPROVER2, `rotate ${BUCKET} ${key}`);
    await h.settle();
    expect(textOf(h.lastAnswerTo(APPROVER2))).toContain('Only the person');
    expect(keyIds()).toEqual([key]);
    expect(await recordOf(key)).toMatchObject({ state: 'ISSUED' });
    expect(await events('refused_rotate')).toMatchObject([
      { actorId: APPROVER2, subjectUserId: REQUESTER, accessKeyId: key, detail: 'held by someone else' },
    ]);
  });

  it('refuses to rotate when the bucket has no free slot, naming the keys and how to revoke one', async () => {
    await start();
    const key = await issueKey();
    const other = h.lightsail.state.addKey(BUCKET).accessKeyId;
    await h.command(REQUESTER, `rotate ${BUCKET} ${key}`);
    await h.settle();
    const answer = textOf(h.lastAnswerTo(REQUESTER));
    expect(answer).toContain('no free slot');
    expect(answer).toContain(key);
    expect(answer).toContain(other);
    expect(answer).toContain(`/bucket-key revoke ${BUCKET}`);
    expect(keyIds()).toEqual([key, other]);
    expect(await recordOf(key)).toMatchObject({ state: 'ISSUED' });
    expect(await events('refused_rotate')).toMatchObject([{ accessKeyId: key, detail: 'no free slot' }]);
  });

  it('asks the approvers when the bucket’s policy sets rotationNeedsApproval, and the approved issue retires the old key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bucket-key-policy-'));
    const policy = join(dir, 'policy.yml');
    writeFileSync(policy, `buckets:\n  ${BUCKET}:\n    rotationNeedsApproval: true\n    rotationGrace: 2h\n`);
    await start({ BUCKET_KEY_POLICY: policy });
    const oldKey = await issueKey();
    const cards = h.approvalCards().length;

    await h.command(REQUESTER, `rotate ${BUCKET} ${oldKey}`);
    await h.settle();
    expect(keyIds()).toEqual([oldKey]);
    expect(h.approvalCards()).toHaveLength(cards + 1);
    expect(textOf(h.approvalCards().at(-1))).toContain(`rotation of key ${oldKey}`);

    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    await h.command(REQUESTER, `create ${BUCKET}`);
    await h.settle();
    const newKey = newestKeyId();
    expect(keyIds()).toEqual([oldKey, newKey]);
    expect(await recordOf(oldKey)).toMatchObject({ state: 'RETIRING', replacedBy: newKey });
    clock.advance(2 * HOUR);
    expect((await h.sweep()).retiredKeys).toBe(1);
    expect(keyIds()).toEqual([newKey]);
  });
});

/** The environment `npm run sweep` would be given: the same stand-ins as the harness's server. */
function sweepEnv(h: Harness): Record<string, string> {
  const c = h.config;
  return {
    SLACK_BOT_TOKEN: c.slack.botToken ?? '',
    SLACK_API_URL: c.slack.apiUrl ?? '',
    AWS_REGION: c.aws.region,
    LIGHTSAIL_ENDPOINT: c.aws.lightsailEndpoint ?? '',
    DYNAMODB_ENDPOINT: c.aws.dynamodbEndpoint ?? '',
    REQUESTS_TABLE: c.tables.requests,
    AUDIT_TABLE: c.tables.audit,
    APPROVAL_CHANNEL_ID: c.approvalChannelId,
    APPROVER_IDS: c.approverIds.join(','),
    KEY_MAX_AGE: '10d',
    KEY_EXPIRY_WARNING: '3d',
    LOG_LEVEL: 'DEBUG',
  };
}
