import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerlessYml } from '../../bench/deployed-functions.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVER,
  AUDITOR,
  findButtonValue,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';
import { policyFiles } from '../support/policy-file.js';

type Statement = { Action: string | string[]; Resource: unknown };

/**
 * Least privilege, proven both ways: every DynamoDB and Lightsail action serverless.yml grants the worker
 * and the sweeper is one their code really makes (on that table), and everything they make is granted.
 * The calls are recorded at the stand-ins while each function's paths run.
 */
describe('IAM grants match the calls each function makes', () => {
  let h: Harness;
  const clock = new ManualClock();
  const used = { WorkerRole: new Set<string>(), SweeperRole: new Set<string>() };
  const files = policyFiles();

  function collect(into: Set<string>, since: { dynamo: number; lightsail: number }) {
    for (const call of h.dynamoFaults.calls.slice(since.dynamo)) {
      const table = call.table === h.config.tables.audit ? 'audit' : 'requests';
      into.add(`dynamodb:${call.operation}@${table}`);
    }
    for (const call of h.lightsail.calls.slice(since.lightsail)) into.add(`lightsail:${call.operation}`);
  }
  const mark = () => ({ dynamo: h.dynamoFaults.calls.length, lightsail: h.lightsail.calls.length });

  beforeAll(async () => {
    h = await startHarness(
      {
        PENDING_TTL: '1h',
        APPROVAL_TTL: '1h',
        KEY_MAX_AGE: '1h',
        ISSUING_TIMEOUT: '5m',
        LOG_LEVEL: 'ERROR',
        // Break-glass and reminders for every bucket. No bucket is named: that would make the
        // sweeper watch only the named ones instead of listing the buckets (GetBuckets).
        BUCKET_KEY_POLICY: files.write(
          'breakGlass: { allowed: [UPERSON003] }\nreminders: { after: 30m, times: 1 }\n',
        ),
      },
      { clock },
    );
    for (const id of ['UPERSON001', 'UPERSON002', 'UPERSON003'])
      h.slack.workspace.users[id] = { name: id.toLowerCase(), realName: id };
    const worker = mark();

    // The worker: every command and button a person can use.
    await h.command(REQUESTER, 'create no-such-bucket');
    for (const person of [REQUESTER, 'UPERSON001', 'UPERSON002', 'UPERSON003'])
      await h.command(person, 'create media-assets grants');
    await h.settle();
    // The cards of three of them (jobs run concurrently, so cards arrive in any order).
    for (const person of [REQUESTER, 'UPERSON001', 'UPERSON002']) {
      const card = h.approvalCards().find((c) => c.text.startsWith(person));
      if (!card) throw new Error(`no card for ${person}`);
      await h.click(APPROVER, ACTION.approve, card);
    }
    await h.settle();
    const approved = h.dmOf(REQUESTER).find((m) => hasButton(m, ACTION.createKeyNow));
    if (!approved) throw new Error('no approval DM');
    await h.click(REQUESTER, ACTION.createKeyNow, approved);
    await h.settle();
    const keyId = h.lightsail.state.buckets.get('media-assets')?.keys[0]?.accessKeyId ?? '';
    await h.command(REQUESTER, 'list media-assets');
    await h.command(REQUESTER, 'status');
    await h.command(AUDITOR, 'audit media-assets');
    await h.event({ type: 'app_home_opened', user: APPROVER, tab: 'home', channel: 'DAPPROVER1' });
    await h.command(REQUESTER, `revoke media-assets ${keyId}`);
    await h.settle();
    const confirm = h.slack.visibleTo(REQUESTER).findLast((m) => hasButton(m, ACTION.revokeConfirm));
    if (!confirm) throw new Error('no revoke confirmation');
    expect(findButtonValue(confirm, ACTION.revokeConfirm)).toContain(keyId);
    await h.click(REQUESTER, ACTION.revokeConfirm, confirm);
    await h.settle();
    // A key to expire, and a create whose answer never comes (left for the sweeper's repair).
    const second = h.dmOf('UPERSON001').find((m) => hasButton(m, ACTION.createKeyNow));
    if (!second) throw new Error('no second approval DM');
    await h.click('UPERSON001', ACTION.createKeyNow, second);
    await h.settle();
    h.lightsail.failNext('CreateBucketAccessKey', { delayMs: 6000 });
    const third = h.dmOf('UPERSON002').find((m) => hasButton(m, ACTION.createKeyNow));
    if (!third) throw new Error('no third approval DM');
    await h.click('UPERSON002', ACTION.createKeyNow, third);
    await h.settle();
    await h.lightsail.idle();
    // Rotation: its holder rotates the second key; the bucket may be full by now, so
    // this is a rotation or a refusal, each made of calls the grants must cover.
    const secondKey = h.lightsail.state.buckets.get('media-assets')?.keys[0]?.accessKeyId ?? '';
    await h.command('UPERSON001', `rotate media-assets ${secondKey}`);
    // A break-glass key (its alert is reviewed after the sweeps); UPERSON003's create stays pending.
    await h.command('UPERSON003', 'create nightly-backups --break-glass grants');
    await h.settle();
    h.lightsail.state.addKey('nightly-backups');
    collect(used.WorkerRole, worker);

    // The sweeper: a reminder first, then everything due at once, then a day later a break-glass
    // re-post; two sweeps racing each time.
    const sweeper = mark();
    clock.advance(31 * 60_000);
    const reminded = await Promise.all([h.sweep(), h.sweep()]);
    expect(reminded.reduce((n, r) => n + r.reminders, 0)).toBe(1);
    clock.advance(2 * 60 * 60_000);
    await Promise.all([h.sweep(), h.sweep()]);
    clock.advance(24 * 60 * 60_000);
    const reposts = await Promise.all([h.sweep(), h.sweep()]);
    collect(used.SweeperRole, sweeper);
    expect(reposts.reduce((n, r) => n + r.breakGlassReposts, 0)).toBe(1);

    const review = mark();
    const alert = h.approvalCards().findLast((m) => hasButton(m, ACTION.breakGlassReviewed));
    if (!alert) throw new Error('no break-glass alert');
    await h.click(APPROVER, ACTION.breakGlassReviewed, alert);
    await h.settle();
    collect(used.WorkerRole, review);
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    files.cleanup();
  });

  function granted(role: 'WorkerRole' | 'SweeperRole'): Set<string> {
    const doc = readServerlessYml();
    const statements: Statement[] = doc.resources.Resources[role].Properties.Policies.flatMap(
      (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
    );
    const grants = new Set<string>();
    for (const statement of statements) {
      const on = JSON.stringify(statement.Resource);
      for (const action of [statement.Action].flat()) {
        if (action.startsWith('dynamodb:')) {
          if (on.includes('RequestsTable')) grants.add(`${action}@requests`);
          if (on.includes('AuditTable')) grants.add(`${action}@audit`);
        } else if (action.startsWith('lightsail:')) grants.add(action);
      }
    }
    return grants;
  }

  it.each(['WorkerRole', 'SweeperRole'] as const)('%s: granted exactly what is used', (role) => {
    expect([...granted(role)].sort()).toEqual([...used[role]].sort());
  });
});
