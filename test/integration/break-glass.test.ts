import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmChannelOf } from '../../src/sandbox/slack/slack-workspace.js';
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
import { policyFiles } from '../support/policy-file.js';

const HOUR = 3_600_000;
// APPROVER may break the glass too, so that a review of one's own break-glass can be attempted.
const POLICY = `
buckets:
  media-assets:
    breakGlass: { allowed: [${REQUESTER}, ${APPROVER}], maxPerDay: 1, keyMaxAge: 4h }
  nightly-backups: {}
`;

describe('break-glass', () => {
  let h: Harness;
  let clock: ManualClock;
  const files = policyFiles();
  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ BUCKET_KEY_POLICY: files.write(POLICY) }, { clock });
  });
  afterEach(async () => {
    await h.stop();
    files.cleanup();
  });

  const requests = async () => (await h.requestItems()).filter((item) => 'seq' in item);
  const keysOn = (bucket: string) => h.lightsail.state.buckets.get(bucket)!.keys;
  async function auditOf(type: string) {
    const page = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'media-assets' },
      pageSize: 40,
    });
    return page.events.filter((e) => e.type === type);
  }
  const alerts = () => h.approvalCards().filter((m) => hasButton(m, ACTION.breakGlassReviewed));
  /** The grant of the person's first break-glass: where its review is recorded. */
  const firstGrant = async () => h.bot.deps.grants.get(String((await requests())[0]?.requestId));

  async function breakGlass(userId = REQUESTER, text = 'create media-assets --break-glass prod is down') {
    await h.command(userId, text);
    await h.settle();
  }

  it('issues at once without approval, delivers as usual, and alerts the approvers loudly', async () => {
    await breakGlass();

    const [request] = await requests();
    expect(request).toMatchObject({ state: 'ISSUED', breakGlass: true, reason: 'prod is down' });
    expect(request?.keyExpiresAt).toBe(new Date(clock.now().getTime() + 4 * HOUR).toISOString());
    expect(keysOn('media-assets')).toHaveLength(1);
    const secret = h.slack.messages.filter((m) => textOf(m).includes('Secret access key'));
    expect(secret).toHaveLength(1);
    expect(secret[0]).toMatchObject({ channel: dmChannelOf(REQUESTER), visibleTo: REQUESTER });
    const [alert, ...more] = alerts();
    expect(more).toEqual([]);
    const shown = textOf(alert);
    for (const fact of [`<@${REQUESTER}>`, 'media-assets', 'prod is down', String(request?.accessKeyId)])
      expect(shown).toContain(fact);
    expect(hasButton(alert!, ACTION.breakGlassRevoke)).toBe(true);
    expect(await auditOf('break_glass_issued')).toHaveLength(1);

    // The key lives keyMaxAge: the sweeper deletes it after 4 hours.
    clock.advance(4 * HOUR + 1000);
    await h.sweep();
    expect(keysOn('media-assets')).toHaveLength(0);
  });

  it('refuses, and audits, a person not allowed, a missing reason, and a bucket without break-glass', async () => {
    await breakGlass(APPROVER2);
    await breakGlass(REQUESTER, 'create media-assets --break-glass');
    await breakGlass(REQUESTER, 'create nightly-backups --break-glass disk full');

    expect(await requests()).toEqual([]);
    expect(keysOn('media-assets')).toHaveLength(0);
    expect(alerts()).toEqual([]);
    const refused = await auditOf('break_glass_refused');
    expect(refused.map((e) => [e.actorId, e.detail]).sort()).toEqual([
      [APPROVER2, 'not in breakGlass.allowed'],
      [REQUESTER, 'no reason given'],
    ]);
    const elsewhere = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'nightly-backups' },
      pageSize: 10,
    });
    expect(elsewhere.events.map((e) => e.type)).toEqual(['break_glass_refused']);
    expect(textOf(h.lastAnswerTo(APPROVER2))).toContain('You may not use break-glass');
  });

  it('allows maxPerDay per person and bucket over a rolling 24 hours, even when two arrive at once', async () => {
    await Promise.all([
      h.command(REQUESTER, 'create media-assets --break-glass first'),
      h.command(REQUESTER, 'create media-assets --break-glass second'),
    ]);
    await h.settle();
    expect(keysOn('media-assets')).toHaveLength(1);
    expect(await auditOf('break_glass_refused')).toHaveLength(1);

    clock.advance(23 * HOUR);
    await breakGlass();
    expect(await auditOf('break_glass_refused')).toHaveLength(2);
    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('maxPerDay');

    clock.advance(HOUR + 1000);
    await breakGlass();
    expect((await requests()).filter((r) => r.state === 'ISSUED')).toHaveLength(2);
    expect(await auditOf('break_glass_issued')).toHaveLength(2);
  });

  it('takes a review from another approver only: not from the requester, nor from a non-approver', async () => {
    await breakGlass(APPROVER, 'create media-assets --break-glass hotfix upload');
    const alert = structuredClone(alerts()[0]!);

    await h.click(APPROVER, ACTION.breakGlassReviewed, alert);
    await h.click(AUDITOR, ACTION.breakGlassReviewed, alert);
    await h.settle();
    expect((await firstGrant())?.reviewedBy).toBeUndefined();
    expect(textOf(h.slack.visibleTo(APPROVER, alert.channel).at(-1))).toContain('cannot review your own');
    expect(textOf(h.slack.visibleTo(AUDITOR, alert.channel).at(-1))).toContain('not an approver');
    expect((await auditOf('refused_break_glass_review')).map((e) => e.detail).sort()).toEqual([
      'not an approver',
      'own break-glass',
    ]);

    await Promise.all([
      h.click(APPROVER2, ACTION.breakGlassReviewed, alert),
      h.click(APPROVER2, ACTION.breakGlassReviewed, alert),
    ]);
    await h.settle();
    expect((await requests())[0]).toMatchObject({ state: 'ISSUED' });
    expect(await firstGrant()).toMatchObject({
      reviewedBy: APPROVER2,
      state: 'ACTIVE',
      reviewRevoked: false,
    });
    expect(await auditOf('break_glass_reviewed')).toHaveLength(1);
    expect(hasButton(h.approvalCards().at(-1)!, ACTION.breakGlassReviewed)).toBe(false);
    expect(textOf(h.approvalCards().at(-1))).toContain(`Reviewed by <@${APPROVER2}>`);
  });

  it('Revoke now deletes the key and records the review', async () => {
    await breakGlass();
    await h.click(APPROVER, ACTION.breakGlassRevoke, alerts()[0]!);
    await h.settle();

    expect(keysOn('media-assets')).toHaveLength(0);
    const [request] = await requests();
    expect(request).toMatchObject({ state: 'REVOKED', revokedBy: APPROVER });
    expect(await firstGrant()).toMatchObject({ state: 'REVOKED', reviewedBy: APPROVER, reviewRevoked: true });
    expect(await auditOf('grant_revoked')).toHaveLength(1);
    expect((await auditOf('break_glass_reviewed'))[0]?.detail).toBe(
      `revoked the grant: deleted ${request?.accessKeyId}`,
    );
    expect(textOf(h.approvalCards().at(-1))).toContain('who revoked it');
  });

  it('is re-posted once a day until reviewed, once even when sweeps race', async () => {
    await breakGlass();
    clock.advance(23 * HOUR);
    expect((await h.sweep()).breakGlassReposts).toBe(0);

    clock.advance(HOUR);
    const racing = await Promise.all([h.sweep(), h.sweep()]);
    expect(racing.map((r) => r.breakGlassReposts).sort()).toEqual([0, 1]);
    expect(alerts()).toHaveLength(2);
    expect(textOf(alerts()[1])).toContain('Still not reviewed');

    await h.click(APPROVER2, ACTION.breakGlassReviewed, alerts()[1]!);
    await h.settle();
    clock.advance(25 * HOUR);
    expect((await h.sweep()).breakGlassReposts).toBe(0);
    expect(alerts()).toHaveLength(1); // the newest post lost its buttons when reviewed
  });
});
