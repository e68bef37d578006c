import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../src/adapters/metrics/memory-metrics.js';
import { loadConfig } from '../../src/config.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import { type RunningServer, startServer } from '../../src/entrypoints/server.js';
import { DEMO_POLICY, type LocalStack, startLocalStack } from '../../src/sandbox/local-stack.js';
import { startPlayground } from '../../src/sandbox/playground/playground-server.js';
import { captureLogger } from '../support/harness.js';

/** The playground's policy panel: a new version is put as `aws ssm put-parameter` would put it. */
describe('the playground policy panel', () => {
  let stack: LocalStack;
  let bot: RunningServer;
  let playground: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    stack = await startLocalStack();
    const config = loadConfig({ ...stack.env, POLICY_CACHE_SECONDS: '0', LOG_LEVEL: 'WARN', PORT: '0' });
    bot = await startServer(config, { logger: captureLogger([]), metrics: new MemoryMetrics() });
    playground = await startPlayground({
      slack: stack.slack,
      lightsail: stack.lightsail,
      db: createDynamoClient(config),
      auditTable: config.tables.audit,
      requestsTable: config.tables.requests,
      botEventsUrl: `${bot.url}/slack/events`,
      signingSecret: String(stack.env.SLACK_SIGNING_SECRET),
      policy: { ssmUrl: stack.ssm.url, name: String(stack.env.BUCKET_KEY_POLICY_PARAM) },
      port: 0,
    });
  });
  afterAll(async () => {
    await playground.stop();
    await bot.stop();
    await stack.stop();
  });

  // biome-ignore lint/suspicious/noExplicitAny: the playground's own JSON
  type Json = any;
  const post = async (path: string, body: Record<string, unknown>): Promise<Json> =>
    (await fetch(`${playground.url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
  const state = async (as = 'UAPPROVER1'): Promise<Json> =>
    (await fetch(`${playground.url}/api/state?as=${as}`)).json();
  const channelTexts = () =>
    stack.slack.messages.filter((m) => m.channel === 'CAPPROVALS' && !m.threadTs).map((m) => m.text);
  async function aJob() {
    await post('/api/command', { as: 'UREQUESTER', text: '/bucket-key status' });
    await bot.jobs.idle();
  }

  it('shows the version at SSM and who put it, and puts a new one signed as the viewer', async () => {
    const before = await state();
    expect(before.policy).toMatchObject({
      name: '/bucket-key/local/policy',
      version: 1,
      text: DEMO_POLICY,
      modifiedBy: 'arn:aws:iam::123456789012:role/cloudformation-deploy',
    });

    const edited = DEMO_POLICY.replace('  my-bucket: {}', '  my-bucket: { approvers: [UAPPROVER2] }');
    expect(await post('/api/policy', { as: 'UAPPROVER1', text: edited })).toEqual({ version: 2 });
    expect((await state()).policy).toMatchObject({
      version: 2,
      modifiedBy: 'arn:aws:iam::123456789012:user/alex',
    });

    await aJob();
    expect(channelTexts()).toContain('bucket-key policy version 2 is in force');
    const audit = (await state()).audit as Array<{ type: string; detail?: string }>;
    // my-bucket fell back to APPROVER_IDS (both approvers); now it names one of them.
    expect(
      audit.find((e) => e.type === 'policy_changed' && e.detail?.includes('version 2;'))?.detail,
    ).toContain('set by arn:aws:iam::123456789012:user/alex; approvers removed: UAPPROVER1 on my-bucket');
  });

  it('puts an invalid version as SSM would; the bot refuses it and keeps the one in force', async () => {
    expect(
      await post('/api/policy', { as: 'UAPPROVER2', text: 'buckets:\n  my-bucket: { aprovers: [] }\n' }),
    ).toEqual({
      version: 3,
    });
    await aJob();
    expect(channelTexts()).toContain('bucket-key refused policy version 3');
    const notice = stack.slack.messages.find((m) => m.text === 'bucket-key refused policy version 3');
    expect(JSON.stringify(notice?.blocks)).toContain('keeps applying version 2');
    expect(await post('/api/policy', { as: 'UAPPROVER2', text: '' })).toMatchObject({
      error: expect.stringContaining('ValidationException'),
    });
  });
});
