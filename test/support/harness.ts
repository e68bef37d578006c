import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CATALOG_ITEM_KEY } from '../../src/adapters/dynamodb/dynamo-bucket-catalog.js';
import { MemoryMetrics } from '../../src/adapters/metrics/memory-metrics.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import { type RunningServer, startServer } from '../../src/entrypoints/server.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Metrics } from '../../src/ports/metrics.js';
import { startAmazonDynamoDbLocal } from '../../src/sandbox/dynamodb/amazon-dynamodb-local.js';
import { DynamoFaultProxy } from '../../src/sandbox/dynamodb/dynamodb-fault-proxy.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { LightsailEmulator } from '../../src/sandbox/lightsail/lightsail-emulator.js';
import { describeBreaches } from '../../src/sandbox/slack/block-kit-limits.js';
import {
  blockActionBody,
  eventCallbackBody,
  sendSigned,
  slashCommandBody,
} from '../../src/sandbox/slack/signed-request.js';
import { SlackStandIn } from '../../src/sandbox/slack/slack-standin.js';
import { demoWorkspace, dmChannelOf, type StoredMessage } from '../../src/sandbox/slack/slack-workspace.js';
import type { SweepReport } from '../../src/services/sweep/sweep.js';
import { sweepInForce } from '../../src/worker/with-policy-in-force.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';
export const REQUESTER = 'UREQUESTER';
export const APPROVER = 'UAPPROVER1';
export const APPROVER2 = 'UAPPROVER2';
export const AUDITOR = 'UAUDITOR01';
export const APPROVAL_CHANNEL = 'CAPPROVALS';

export interface Harness {
  config: Config;
  bot: RunningServer;
  slack: SlackStandIn;
  lightsail: LightsailEmulator;
  dynamo: LocalDynamoDb;
  /** Sits between the bot and dynalite: inject DynamoDB errors with `dynamoFaults.fail(…)`. */
  dynamoFaults: DynamoFaultProxy;
  logs: string[];
  /** Every metric the bot emitted (nothing is printed). */
  metrics: MemoryMetrics;
  command(userId: string, text: string): Promise<{ status: number; json?: Record<string, unknown> }>;
  click(userId: string, actionId: string, message: StoredMessage): Promise<{ status: number }>;
  /** A click on a button in a user's App Home (no response_url, as in Slack). */
  clickInHome(userId: string, actionId: string, value: string): Promise<{ status: number }>;
  event(event: Record<string, unknown>): Promise<{ status: number }>;
  sweep(): Promise<SweepReport>;
  /** The last answer a user got to a command or click of theirs (ephemeral, by ack or response_url). */
  lastAnswerTo(userId: string): StoredMessage | undefined;
  settle(): Promise<void>;
  /** Every access request stored (the requests table's requests, not its other items). */
  requestItems(): Promise<Array<Record<string, unknown>>>;
  /** Every item in every table, for assertions about what was stored. */
  allItems(): Promise<Array<Record<string, unknown>>>;
  /** Top-level messages in the approvers' channel (thread replies are in `threadOf`). */
  approvalCards(): StoredMessage[];
  /** The replies in a message's thread, oldest first. */
  threadOf(message: StoredMessage): StoredMessage[];
  dmOf(userId: string): StoredMessage[];
  /** Stops everything; throws if Slack refused any payload for breaking a Block Kit limit. */
  stop(): Promise<void>;
}

let harnessCount = 0;

/** A logger that keeps every line, so tests can read what the bot would have printed. */
export function captureLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...extra }));
  };
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}

/** The bot on the local server, against dynalite, the Lightsail emulator and the Slack stand-in. */
export async function startHarness(
  env: Record<string, string> = {},
  options: {
    logger?: Logger;
    clock?: Clock;
    /** Default: a MemoryMetrics, so tests print no EMF lines. */
    metrics?: Metrics;
    /** A DynamoDB the suite started (say DynamoDB Local, shared by its tests); default: a fresh dynalite. */
    dynamo?: LocalDynamoDb;
  } = {},
): Promise<Harness> {
  const dynamo =
    options.dynamo ??
    // An exploratory switch: any suite's harness on Amazon's DynamoDB Local instead of dynalite.
    (process.env.BUCKET_KEY_TEST_DYNAMO === 'DynamoDB Local'
      ? await startAmazonDynamoDbLocal()
      : await startLocalDynamoDb());
  // A shared DynamoDB keeps every harness's tables apart.
  const tables = options.dynamo
    ? { REQUESTS_TABLE: `requests-${++harnessCount}`, AUDIT_TABLE: `audit-${harnessCount}` }
    : {};
  const dynamoFaults = new DynamoFaultProxy(dynamo.url);
  await dynamoFaults.start();
  const lightsail = new LightsailEmulator();
  await lightsail.start();
  lightsail.state.addBucket('media-assets');
  lightsail.state.addBucket('nightly-backups');
  const slack = new SlackStandIn(demoWorkspace(BOT_TOKEN));
  await slack.start();
  const logs: string[] = [];
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    AWS_REGION: 'us-east-1',
    LIGHTSAIL_ENDPOINT: lightsail.url,
    DYNAMODB_ENDPOINT: dynamoFaults.url,
    APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL,
    APPROVER_IDS: `${APPROVER},${APPROVER2}`,
    AUDITOR_IDS: AUDITOR,
    PORT: '0',
    LOG_LEVEL: 'DEBUG',
    ...tables,
    ...env,
  });
  const metrics = new MemoryMetrics();
  const bot = await startServer(config, {
    logger: options.logger ?? captureLogger(logs),
    metrics: options.metrics ?? metrics,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  // The bot read Lightsail once at start, for the request modal's bucket catalog; tests count from here.
  lightsail.calls.length = 0;
  const events = `${bot.url}/slack/events`;

  const harness: Harness = {
    config,
    bot,
    slack,
    lightsail,
    dynamo,
    dynamoFaults,
    logs,
    metrics,
    async command(userId, text) {
      const responseUrl = slack.newResponseUrl(userId, dmChannelOf(userId));
      const answer = await sendSigned(
        events,
        SIGNING_SECRET,
        slashCommandBody({ text, userId, channelId: dmChannelOf(userId), responseUrl }),
      );
      if (answer.json) slack.recordAcknowledgement(responseUrl, answer.json);
      return answer;
    },
    async click(userId, actionId, message) {
      const responseUrl = slack.newResponseUrl(userId, message.channel, message);
      const value = findButtonValue(message, actionId);
      return sendSigned(
        events,
        SIGNING_SECRET,
        blockActionBody({
          userId,
          actionId,
          value,
          in: { channelId: message.channel, messageTs: message.ts, responseUrl },
        }),
      );
    },
    clickInHome: (userId, actionId, value) =>
      sendSigned(events, SIGNING_SECRET, blockActionBody({ userId, actionId, value, in: 'home' })),
    event: (event) => sendSigned(events, SIGNING_SECRET, eventCallbackBody(event)),
    // As the sweeper entrypoints do: under the policy in force (fixed for a policy file).
    async sweep() {
      const report = await sweepInForce(bot.deps);
      if ('skipped' in report) throw new Error(`sweep skipped: no valid policy (${report.reason})`);
      return report;
    },
    // A command's answer is its acknowledgement, later replaced in place through response_url.
    lastAnswerTo: (userId) =>
      slack
        .visibleTo(userId)
        .filter((m) => m.via === 'ack' || m.via === 'response_url')
        .at(-1),
    settle: () => bot.jobs.idle(),
    async requestItems() {
      const out = await createDynamoClient(config).send(
        new ScanCommand({ TableName: config.tables.requests }),
      );
      // Requests only: sightings, reviews and the bucket catalog share the table but carry no seq.
      return (out.Items ?? []).filter((item) => 'seq' in item);
    },
    async allItems() {
      const db = createDynamoClient(config);
      const items: Array<Record<string, unknown>> = [];
      for (const TableName of [config.tables.requests, config.tables.audit]) {
        const out = await db.send(new ScanCommand({ TableName }));
        // The bucket catalog is a cache of Lightsail's list, rewritten at start and by every sweep: not a record.
        items.push(...(out.Items ?? []).filter((item) => item.requestId !== CATALOG_ITEM_KEY));
      }
      return items;
    },
    // Request cards: not thread replies, nor the sweeper's daily audit chain head.
    approvalCards: () =>
      slack.messages.filter(
        (m) =>
          m.channel === APPROVAL_CHANNEL &&
          !m.visibleTo &&
          !m.threadTs &&
          !m.text.startsWith(':link: Audit log head'),
      ),
    threadOf: (message) =>
      slack.messages.filter((m) => m.channel === message.channel && m.threadTs === message.ts),
    dmOf: (userId) => slack.messages.filter((m) => m.channel === dmChannelOf(userId)),
    async stop() {
      await bot.stop();
      await Promise.all([slack.stop(), lightsail.stop(), dynamoFaults.stop()]);
      if (!options.dynamo) await dynamo.stop();
      // Slack refuses a whole payload that breaks one Block Kit limit: any such refusal fails the test.
      if (slack.blockKitBreaches.length > 0) {
        const refused = slack.blockKitBreaches.map(
          ({ via, breaches }) => `${via}:\n${describeBreaches(breaches)}`,
        );
        throw new Error(`Slack refused blocks that break Block Kit limits:\n${refused.join('\n')}`);
      }
    },
  };
  return harness;
}

export function findButtonValue(message: StoredMessage, actionId: string): string {
  for (const block of message.blocks ?? []) {
    for (const element of block.elements ?? [])
      if (element.action_id === actionId) return String(element.value);
  }
  throw new Error(`no ${actionId} button on message ${message.ts}`);
}

export function hasButton(message: StoredMessage, actionId: string): boolean {
  return (message.blocks ?? []).some((block) =>
    (block.elements ?? []).some((e: { action_id?: string }) => e.action_id === actionId),
  );
}

export function textOf(message: StoredMessage | undefined): string {
  return message ? JSON.stringify([message.text, message.blocks]) : '';
}
