import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventType } from '../../src/domain/audit-event.js';
import type { SweepReport } from '../../src/services/sweep/sweep.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

const HOUR = 3_600_000;

describe('the lifecycle sweeper', () => {
  let h: Harness;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness(
      { PENDING_TTL: '1h', APPROVAL_TTL: '2h', ISSUING_TIMEOUT: '5m', KEY_MAX_AGE: '1d' },
      { clock },
    );
  });
  afterEach(async () => {
    await h.stop();
  });

  async function request(bucket: string) {
    await h.command(REQUESTER, `create ${bucket} sweeper test`);
    await h.settle();
    return h.approvalCards().at(-1)!;
  }
  async function approve(bucket: string) {
    await h.click(APPROVER, ACTION.approve, await request(bucket));
    await h.settle();
  }
  async function issue(bucket: string) {
    await approve(bucket);
    await h.command(REQUESTER, `create ${bucket}`);
    await h.settle();
  }
  async function eventTypes(bucket: string): Promise<AuditEventType[]> {
    const page = await h.bot.deps.audit.query({ subject: { kind: 'bucket', bucket }, pageSize: 100 });
    return page.events.map((e) => e.type);
  }
  async function stateOf(bucket: string) {
    return (await h.requestItems()).find((item) => item.bucket === bucket && 'seq' in item)?.state;
  }
  /** Leaves a request ISSUING with a created, recorded key, as if the worker had died mid-delivery. */
  async function interruptedIssue(bucket: string) {
    await approve(bucket);
    const record = (await h.requestItems()).find((item) => item.bucket === bucket && 'seq' in item)!;
    const now = clock.now();
    await h.bot.deps.requests.claim(String(record.requestId), REQUESTER, {
      token: 'dead-worker',
      at: now.toISOString(),
      dueAt: new Date(now.getTime() + 5 * 60_000).toISOString(),
    });
    const key = await h.bot.deps.keys.createKey(bucket, 'us-east-1');
    await h.bot.deps.requests.recordKey(String(record.requestId), 'dead-worker', key.accessKeyId);
    return key.accessKeyId;
  }

  it('expires a pending request: card updated, requester told, audited', async () => {
    await request('media-assets');
    clock.advance(HOUR + 1);
    expect((await h.sweep()).expiredRequests).toBe(1);

    expect(await stateOf('media-assets')).toBe('EXPIRED');
    const card = h.approvalCards().at(-1)!;
    expect(hasButton(card, ACTION.approve)).toBe(false);
    expect(textOf(card)).toContain('Expired without a decision');
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain('expired unused');
    expect(await eventTypes('media-assets')).toContain('request_expired');
  });

  it('expires an unused approval', async () => {
    await approve('media-assets');
    clock.advance(2 * HOUR + 1);
    expect((await h.sweep()).expiredApprovals).toBe(1);
    expect(await stateOf('media-assets')).toBe('EXPIRED');
    expect(await eventTypes('media-assets')).toContain('approval_expired');
  });

  it('repairs an issue interrupted after the key was made: key deleted, approval usable again', async () => {
    const orphan = await interruptedIssue('media-assets');
    expect(h.lightsail.state.allKeyIds()).toContain(orphan);
    expect((await h.sweep()).repairedIssuing).toBe(0); // not yet timed out
    clock.advance(5 * 60_000 + 1);
    expect((await h.sweep()).repairedIssuing).toBe(1);

    expect(h.lightsail.state.allKeyIds()).not.toContain(orphan);
    expect(await stateOf('media-assets')).toBe('APPROVED');
    expect(await eventTypes('media-assets')).toContain('issuing_repaired');
    const told = h.slack.messages.filter((m) => m.channel === APPROVAL_CHANNEL && textOf(m).includes(orphan));
    expect(told).toHaveLength(1);
    expect(textOf(told[0])).toContain('stopped before the key was marked issued');
    await h.command(REQUESTER, 'create media-assets');
    await h.settle();
    expect(await stateOf('media-assets')).toBe('ISSUED');
  });

  it('deletes a key past its maximum age and tells its owner', async () => {
    await issue('media-assets');
    const key = h.lightsail.state.buckets.get('media-assets')!.keys[0]!.accessKeyId;
    clock.advance(HOUR);
    expect((await h.sweep()).expiredKeys).toBe(0);
    clock.advance(24 * HOUR);
    expect((await h.sweep()).expiredKeys).toBe(1);

    expect(h.lightsail.state.buckets.get('media-assets')!.keys).toHaveLength(0);
    expect(await stateOf('media-assets')).toBe('REVOKED');
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toContain(`${key}\` on *media-assets* reached its maximum age`);
    expect(await eventTypes('media-assets')).toContain('key_expired_deleted');
  });

  it('reports keys the bot has no record of, once', async () => {
    await issue('nightly-backups');
    const stranger = h.lightsail.state.addKey('media-assets');
    expect((await h.sweep()).unknownKeys).toBe(1);
    expect((await h.sweep()).unknownKeys).toBe(0);

    const reports = h.slack.messages.filter(
      (m) => m.channel === APPROVAL_CHANNEL && textOf(m).includes('has no record of'),
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0])).toContain(stranger.accessKeyId);
    expect(await eventTypes('media-assets')).toEqual(['unknown_key_found']);
    expect(await eventTypes('nightly-backups')).not.toContain('unknown_key_found');
  });

  const unknownKeyReports = () =>
    h.slack.messages.filter((m) => m.channel === APPROVAL_CHANNEL && textOf(m).includes('has no record of'));

  it('reports 200 unknown keys found by one sweep, each listed once, over posts Slack accepts', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 100; i++) {
      const bucket = `stray-${String(i).padStart(3, '0')}`;
      h.lightsail.state.addBucket(bucket);
      keys.push(h.lightsail.state.addKey(bucket).accessKeyId, h.lightsail.state.addKey(bucket).accessKeyId);
    }
    expect((await h.sweep()).unknownKeys).toBe(200);
    expect((await h.sweep()).unknownKeys).toBe(0);

    const reports = unknownKeyReports();
    expect(reports.length).toBeGreaterThan(1);
    const listed = reports.flatMap((m) => textOf(m).match(/AKIA[A-Z0-9]{16}/g) ?? []);
    expect(listed.sort()).toEqual(keys.sort());
    expect(h.slack.blockKitBreaches).toEqual([]);
    expect(await eventTypes('stray-042')).toEqual(['unknown_key_found', 'unknown_key_found']);
  }, 60_000); // two sweeps of 102 buckets: about a thousand loopback calls

  it('keeps unknown keys reportable when the post fails, and reports them once by the next sweep', async () => {
    const stranger = h.lightsail.state.addKey('media-assets');
    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    expect((await h.sweep()).unknownKeys).toBe(0);
    expect(unknownKeyReports()).toHaveLength(0);
    expect(
      h.logs.some(
        (line) => line.includes('"level":"ERROR"') && line.includes('could not report unknown keys'),
      ),
    ).toBe(true);
    expect(await eventTypes('media-assets')).not.toContain('unknown_key_found');

    expect((await h.sweep()).unknownKeys).toBe(1);
    expect((await h.sweep()).unknownKeys).toBe(0);
    expect(unknownKeyReports()).toHaveLength(1);
    expect(textOf(unknownKeyReports()[0])).toContain(stranger.accessKeyId);
    expect(await eventTypes('media-assets')).toEqual(['unknown_key_found']);
  });

  it('reports a key claimed by a sweep that died once that claim has lapsed', async () => {
    const stranger = h.lightsail.state.addKey('media-assets');
    const now = clock.now();
    await h.bot.deps.sightings.claim('media-assets', stranger.accessKeyId, {
      token: 'dead-sweep',
      at: now.toISOString(),
      until: new Date(now.getTime() + 15 * 60_000).toISOString(),
    });
    expect((await h.sweep()).unknownKeys).toBe(0);
    clock.advance(15 * 60_000 + 1);
    expect((await h.sweep()).unknownKeys).toBe(1);
    expect(unknownKeyReports()).toHaveLength(1);
  });

  it('acts once on each duty when two sweeps run at the same time', async () => {
    await request('media-assets'); // will expire pending
    await approve('nightly-backups'); // will expire approved
    h.lightsail.state.addBucket('third-bucket');
    const orphan = await interruptedIssue('third-bucket');
    h.lightsail.state.addBucket('fourth-bucket');
    await issue('fourth-bucket');
    h.lightsail.state.addKey('media-assets'); // unknown
    clock.advance(25 * HOUR);

    const reports = await Promise.all([h.sweep(), h.sweep()]);
    const total = (field: keyof SweepReport) => reports.reduce((sum, r) => sum + r[field], 0);
    expect({
      expiredRequests: total('expiredRequests'),
      expiredApprovals: total('expiredApprovals'),
      repairedIssuing: total('repairedIssuing'),
      expiredKeys: total('expiredKeys'),
      unknownKeys: total('unknownKeys'),
      chainHeadsPosted: total('chainHeadsPosted'),
    }).toEqual({
      expiredRequests: 1,
      expiredApprovals: 1,
      repairedIssuing: 1,
      expiredKeys: 1,
      unknownKeys: 1,
      chainHeadsPosted: 1,
    });
    expect(h.lightsail.state.allKeyIds()).not.toContain(orphan);
    expect(h.lightsail.state.buckets.get('fourth-bucket')!.keys).toHaveLength(0);
    expect(unknownKeyReports()).toHaveLength(1);
    const sweptEvents = [
      ...(await eventTypes('media-assets')),
      ...(await eventTypes('nightly-backups')),
      ...(await eventTypes('third-bucket')),
      ...(await eventTypes('fourth-bucket')),
    ].filter((t) =>
      [
        'request_expired',
        'approval_expired',
        'issuing_repaired',
        'key_expired_deleted',
        'unknown_key_found',
      ].includes(t),
    );
    expect(sweptEvents.sort()).toEqual([
      'approval_expired',
      'issuing_repaired',
      'key_expired_deleted',
      'request_expired',
      'unknown_key_found',
    ]);
  });
});

describe('the sweeper repairing a create that got no answer', () => {
  let h: Harness;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ AWS_TIMEOUT: '2s', ISSUING_TIMEOUT: '5m' }, { clock });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('deletes only the bot’s orphan, not a key made by hand during the claim, and tells the approvers', async () => {
    await h.command(REQUESTER, 'create media-assets sweeper test');
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
    const dm = h
      .dmOf(REQUESTER)
      .filter((m) => hasButton(m, ACTION.createKeyNow))
      .at(-1)!;

    // An operator makes a key in the console once the bot has claimed the approval, before its create.
    const state = h.lightsail.state;
    const bucketOf = state.bucket.bind(state);
    let byHand: string | undefined;
    state.bucket = (name, region) => {
      state.bucket = bucketOf;
      byHand = state.addKey('media-assets').accessKeyId;
      return bucketOf(name, region);
    };
    // The create outlives the client's timeout; Lightsail still makes the key, which nobody sees.
    h.lightsail.failNext('CreateBucketAccessKey', { delayMs: 3000 });
    await h.click(REQUESTER, ACTION.createKeyNow, dm);
    await h.settle();
    await h.lightsail.idle();
    const keys = state.buckets.get('media-assets')!.keys.map((key) => key.accessKeyId);
    expect(keys).toHaveLength(2);
    const orphan = keys.find((id) => id !== byHand)!;

    clock.advance(5 * 60_000 + 1);
    expect((await h.sweep()).repairedIssuing).toBe(1);

    expect(state.buckets.get('media-assets')!.keys.map((key) => key.accessKeyId)).toEqual([byHand]);
    const posts = h.slack.messages.filter(
      (m) => m.channel === APPROVAL_CHANNEL && textOf(m).includes('Deleted'),
    );
    expect(posts).toHaveLength(1);
    expect(textOf(posts[0])).toContain(orphan);
    expect(textOf(posts[0])).toContain('media-assets');
    expect(textOf(posts[0])).not.toContain(byHand);
    const record = (await h.requestItems()).find((item) => 'seq' in item)!;
    expect(record.state).toBe('APPROVED');
  });
});
