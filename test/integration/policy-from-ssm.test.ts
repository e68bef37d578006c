import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryMetrics } from '../../src/adapters/metrics/memory-metrics.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { policyHash } from '../../src/domain/policy-document.js';
import { buildDependencies } from '../../src/entrypoints/build-dependencies.js';
import { sweepOnce } from '../../src/entrypoints/sweep-once.js';
import { SsmStandIn } from '../../src/sandbox/aws/ssm-standin.js';
import type { StoredMessage } from '../../src/sandbox/slack/slack-workspace.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { withPolicyInForce } from '../../src/worker/with-policy-in-force.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  APPROVER2,
  captureLogger,
  type Harness,
  hasButton,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';

const PARAM = '/bucket-key/test/policy';
const ALICE = 'arn:aws:iam::123456789012:user/alice';

const policy = (approvers: string[]) => `# approvers of media-assets
restrictToListedBuckets: true
buckets:
  media-assets:
    approvers: [${approvers.join(', ')}]
  nightly-backups: {}
`;
const V1 = policy([APPROVER]);
const V2 = policy([APPROVER, APPROVER2]);
// A typo: the second approver under a key the schema does not know.
const STRAY_KEY = `restrictToListedBuckets: true
buckets:
  media-assets:
    approvers: [${APPROVER}]
    aprovers: [${APPROVER2}]
  nightly-backups: {}
`;

describe('the policy as an SSM parameter, read through Powertools and the real SSM client', () => {
  const ssm = new SsmStandIn();
  let operator: SSMClient;
  let h: Harness | undefined;
  beforeAll(async () => {
    await ssm.start();
    // The operator, as `aws ssm put-parameter` with their own credentials: SSM records them as the author.
    operator = new SSMClient({
      region: 'us-east-1',
      endpoint: ssm.url,
      credentials: { accessKeyId: 'alice', secretAccessKey: 'x' },
    });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await h?.stop();
    h = undefined;
    ssm.outage = false;
    ssm.store.delete(PARAM);
  });
  afterAll(async () => {
    operator.destroy();
    await ssm.stop();
  });

  const put = async (text: string) =>
    (
      await operator.send(
        new PutParameterCommand({
          Name: PARAM,
          Value: text,
          Type: 'String',
          Overwrite: ssm.parameters.has(PARAM),
        }),
      )
    ).Version;
  const start = (cacheSeconds: string) =>
    startHarness({
      SSM_ENDPOINT: ssm.url,
      BUCKET_KEY_POLICY_PARAM: PARAM,
      POLICY_CACHE_SECONDS: cacheSeconds,
    });
  const bot = () => h as Harness;
  const channel = () =>
    bot().slack.messages.filter(
      (m) => m.channel === APPROVAL_CHANNEL && !m.threadTs && !m.visibleTo && !m.replaced,
    );
  const notices = (word: 'in force' | 'refused') =>
    channel().filter(
      (m) =>
        m.text.startsWith('bucket-key') &&
        m.text.includes(word === 'refused' ? 'refused policy' : 'is in force'),
    );
  const requestCard = () =>
    channel()
      .filter((m) => m.text.includes('media-assets') && !m.text.startsWith('bucket-key'))
      .at(-1);
  async function chain(): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for await (const batch of bot().bot.deps.audit.chainNewestFirst()) events.push(...batch);
    return events.reverse();
  }
  const policyEvents = async () => (await chain()).filter((e) => e.type.startsWith('policy_'));
  async function approveAs(userId: string, card: StoredMessage) {
    await bot().click(userId, ACTION.approve, card);
    await bot().settle();
    return textOf(bot().lastAnswerTo(userId));
  }

  it('takes a new approver into effect once the cache time has passed, without a restart', async () => {
    // Powertools' cache runs on the wall clock: a fake Date moves it on, with no waiting.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    await put(V1);
    h = await start('60');
    await bot().command(REQUESTER, 'create media-assets nightly backups');
    await bot().settle();
    const card = requestCard();
    expect(card && hasButton(card, ACTION.approve)).toBe(true);
    expect(await approveAs(APPROVER2, card!)).toContain('not an approver');

    expect(await put(V2)).toBe(2);
    // Within the cache time the bot still reads version 1.
    expect(await approveAs(APPROVER2, card!)).toContain('not an approver');

    vi.setSystemTime(Date.now() + 61_000);
    await approveAs(APPROVER2, card!);
    expect((await bot().requestItems())[0]).toMatchObject({ state: 'APPROVED', decidedBy: APPROVER2 });
    expect(notices('in force').map((m) => m.text)).toEqual([
      'bucket-key policy version 1 is in force',
      'bucket-key policy version 2 is in force',
    ]);
    expect(textOf(notices('in force')[1])).toContain(`<@${APPROVER2}> on \`media-assets\``);
  });

  it('puts every applied version on the chain with its version, hash, author and change', async () => {
    await put(V1);
    h = await start('0');
    await put(V2);
    await bot().command(REQUESTER, 'status');
    await bot().settle();

    const events = await policyEvents();
    expect(events.map((e) => [e.type, e.outcome, e.actorId])).toEqual([
      ['policy_changed', 'ok', 'bucket-key'],
      ['policy_changed', 'ok', 'bucket-key'],
    ]);
    expect(events[0]?.detail).toContain(
      `${PARAM} version 1; sha256 ${policyHash(V1)}; set by ${ALICE}; first version`,
    );
    expect(events[1]?.detail).toContain(`${PARAM} version 2; sha256 ${policyHash(V2)}; set by ${ALICE}`);
    expect(events[1]?.detail).toContain(`approvers added: ${APPROVER2} on media-assets`);

    await bot().command(APPROVER, 'audit verify');
    await bot().settle();
    expect(textOf(bot().lastAnswerTo(APPROVER))).toContain('intact');
    await bot().command(APPROVER, 'policy');
    await bot().settle();
    const shown = textOf(bot().lastAnswerTo(APPROVER));
    expect(shown).toContain('Policy version 2');
    expect(shown).toContain(policyHash(V2));
    expect(shown).toContain(ALICE);
  });

  it('refuses an invalid version, keeps the old one in force, and tells the channel once', async () => {
    await put(V1);
    h = await start('0');
    expect(await put(STRAY_KEY)).toBe(2);
    for (const _ of [1, 2]) {
      await bot().command(REQUESTER, 'create media-assets nightly backups');
      await bot().settle();
    }

    const refused = notices('refused');
    expect(refused).toHaveLength(1);
    expect(textOf(refused[0])).toContain('Policy version 2');
    expect(textOf(refused[0])).toContain(
      "buckets.media-assets.aprovers: is not a policy key (did you mean 'approvers'?)",
    );
    expect(textOf(refused[0])).toContain('keeps applying version 1');
    expect((await policyEvents()).map((e) => e.type)).toEqual(['policy_changed', 'policy_rejected']);
    expect(bot().logs.filter((line) => line.includes('policy version refused'))).toHaveLength(1);
    // Version 1 still decides: APPROVER approves, APPROVER2 (named only in the refused key) may not.
    expect(await approveAs(APPROVER2, requestCard()!)).toContain('not an approver');
    await approveAs(APPROVER, requestCard()!);
    expect((await bot().requestItems())[0]).toMatchObject({ state: 'APPROVED', decidedBy: APPROVER });
  });

  it('starts with an invalid policy and no valid one: refuses requests clearly, and takes the first valid version', async () => {
    await put(STRAY_KEY);
    h = await start('0');
    await bot().command(REQUESTER, 'create media-assets nightly backups');
    await bot().settle();

    expect(textOf(bot().lastAnswerTo(REQUESTER))).toContain('has no valid policy right now');
    expect(await bot().requestItems()).toEqual([]);
    expect(textOf(notices('refused')[0])).toContain('no valid policy');

    await put(V1);
    await bot().command(REQUESTER, 'create media-assets nightly backups');
    await bot().settle();
    expect(await bot().requestItems()).toHaveLength(1);
  });

  it('keeps the version in force while SSM is unreachable, and fails closed with a reference with none', async () => {
    await put(V1);
    h = await start('0');
    ssm.outage = true;
    await bot().command(REQUESTER, 'create media-assets nightly backups');
    await bot().settle();
    expect(await bot().requestItems()).toHaveLength(1);
    expect(bot().logs.some((line) => line.includes('keeping the version in force'))).toBe(true);

    // A fresh container during the outage: nothing cached, so nothing is decided.
    const logs: string[] = [];
    const cold = await buildDependencies(bot().config, captureLogger(logs), undefined, new MemoryMetrics());
    const ready = await withPolicyInForce(cold);
    expect(ready).toMatchObject({
      kind: 'no_policy',
      reason: 'unreadable',
      ref: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    // `npm run sweep` in that state: it decides nothing and exits non-zero with the reference.
    await expect(
      sweepOnce(
        {
          SLACK_BOT_TOKEN: 'xoxb-test-token',
          SLACK_API_URL: bot().slack.apiUrl,
          APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL,
          APPROVER_IDS: APPROVER,
          DYNAMODB_ENDPOINT: String(bot().config.aws.dynamodbEndpoint),
          LIGHTSAIL_ENDPOINT: String(bot().config.aws.lightsailEndpoint),
          SSM_ENDPOINT: ssm.url,
          BUCKET_KEY_POLICY_PARAM: PARAM,
        },
        { logger: captureLogger(logs), metrics: new MemoryMetrics() },
      ),
    ).rejects.toThrow(/no valid policy in force \(unreadable\); reference [0-9a-f]{8}/);
  });

  it('sweeps under the policy in force: a sweep alone reads, records and applies a new version', async () => {
    await put(V1);
    h = await start('0');
    await put(STRAY_KEY);
    await bot().sweep();
    await put(V2);
    await bot().sweep();

    expect((await policyEvents()).map((e) => [e.type, e.detail?.split(';')[0]])).toEqual([
      ['policy_changed', `${PARAM} version 1`],
      ['policy_rejected', `${PARAM} version 2`],
      ['policy_changed', `${PARAM} version 3`],
    ]);
    // Version 3's change is told against version 1, the last valid one: version 2 never applied.
    expect((await policyEvents())[2]?.detail).toContain(`approvers added: ${APPROVER2} on media-assets`);
  });

  it('records a new version once across concurrent workers that see it at the same moment', async () => {
    await put(V1);
    h = await start('0');
    await put(V2);
    const workers = await Promise.all(
      [1, 2, 3].map(() => buildDependencies(bot().config, captureLogger([]), undefined, new MemoryMetrics())),
    );
    const runs = await Promise.all(workers.map((deps) => withPolicyInForce(deps)));

    expect(runs.map((run) => run.kind === 'ready' && run.deps.policy.provenance)).toEqual(
      Array(3).fill(expect.objectContaining({ source: 'ssm', version: 2, modifiedBy: ALICE })),
    );
    expect((await policyEvents()).filter((e) => e.detail?.includes('version 2;'))).toHaveLength(1);
    expect(notices('in force').filter((m) => m.text.includes('version 2'))).toHaveLength(1);
  });
});
