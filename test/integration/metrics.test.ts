import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../src/adapters/metrics/emf-metrics.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { emfLines, emfTotal } from '../support/emf.js';
import { APPROVER, type Harness, hasButton, REQUESTER, startHarness } from '../support/harness.js';

/**
 * Metrics: the bot's counters, as the EMF lines a Lambda would print. The harness's bot
 * writes them to `printed` instead of stdout; every job flushes, as a worker invocation does.
 */
describe('metrics, as EMF lines', () => {
  let h: Harness;
  const printed: string[] = [];
  const total = (name: string, dimensions?: string[]) => emfTotal(emfLines(printed), name, dimensions);

  beforeEach(async () => {
    printed.length = 0;
    h = await startHarness({}, { metrics: new EmfMetrics((line) => printed.push(line)) });
  });
  afterEach(async () => {
    await h.stop();
  });

  async function requestAndDecide(bucket: string, approve: boolean) {
    await h.command(REQUESTER, `create ${bucket} nightly restore test`);
    await h.settle();
    await h.click(APPROVER, approve ? ACTION.approve : ACTION.deny, h.approvalCards().at(-1)!);
    await h.settle();
  }
  const createKeyButton = () => h.dmOf(REQUESTER).findLast((m) => hasButton(m, ACTION.createKeyNow))!;

  it('counts requests, decisions, keys issued and revoked, and times each decision', async () => {
    await requestAndDecide('media-assets', true);
    await requestAndDecide('nightly-backups', false);
    await h.click(REQUESTER, ACTION.createKeyNow, createKeyButton());
    await h.settle();
    const key = h.lightsail.state.buckets.get('media-assets')!.keys[0]!.accessKeyId;
    await h.command(REQUESTER, `revoke media-assets ${key}`);
    await h.click(REQUESTER, ACTION.revokeConfirm, h.slack.visibleTo(REQUESTER).at(-1)!);
    await h.settle();

    expect(total('Requests')).toBe(2);
    expect(total('Approvals')).toBe(1);
    expect(total('Denials')).toBe(1);
    expect(total('KeysIssued')).toBe(1);
    expect(total('KeysRevoked')).toBe(1);
    const decisions = emfLines(printed).flatMap((l) => (l.TimeToDecision === undefined ? [] : [l]));
    expect(decisions).toHaveLength(2);
    for (const line of decisions) {
      expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: 'BucketKey',
        Metrics: [{ Name: 'TimeToDecision', Unit: 'Milliseconds' }],
      });
      expect(line.TimeToDecision).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts an issue failure by its Lightsail exception, and in total', async () => {
    await requestAndDecide('media-assets', true);
    h.lightsail.failNext('CreateBucketAccessKey', { exception: 'AccessDeniedException' });
    await h.click(REQUESTER, ACTION.createKeyNow, createKeyButton());
    await h.settle();

    expect(total('IssueFailures')).toBe(1);
    const split = emfLines(printed).find((l) => l.IssueFailures !== undefined)!;
    expect(split.Exception).toBe('AccessDeniedException');
    expect(split._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service'], ['service', 'Exception']]);
    expect(total('KeysIssued')).toBe(0);
  });

  it('counts a secret that could not be delivered', async () => {
    await requestAndDecide('media-assets', true);
    h.slack.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await h.click(REQUESTER, ACTION.createKeyNow, createKeyButton());
    await h.settle();

    expect(total('SecretsNotDelivered')).toBe(1);
  });

  it('counts the unknown keys a sweep finds, once each', async () => {
    h.lightsail.state.addKey('media-assets');
    h.lightsail.state.addKey('nightly-backups');
    await h.sweep();
    await h.sweep();
    h.bot.deps.metrics.flush();

    expect(total('UnknownKeysFound')).toBe(2);
  });
});
