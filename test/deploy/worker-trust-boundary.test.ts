import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables.js';
import { requestIdFor } from '../../src/domain/request-id.js';
import { apiGatewayV2Event } from '../../src/sandbox/aws/api-gateway-event.js';
import { SsmStandIn } from '../../src/sandbox/aws/ssm-standin.js';
import { DynamoFaultProxy } from '../../src/sandbox/dynamodb/dynamodb-fault-proxy.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { LightsailEmulator } from '../../src/sandbox/lightsail/lightsail-emulator.js';
import { blockActionBody, signedHeaders, slashCommandBody } from '../../src/sandbox/slack/signed-request.js';
import { SlackStandIn } from '../../src/sandbox/slack/slack-standin.js';
import { demoWorkspace } from '../../src/sandbox/slack/slack-workspace.js';
import { emfLines, emfTotal } from '../support/emf.js';
import { buildBundles, invokeBundle, warmBundle } from '../support/lambda-bundles.js';

const SIGNING_SECRET = 'worker-signing-secret';
const BOT_TOKEN = 'xoxb-worker-token';
const REQUESTER = 'UREQUESTER';
const APPROVER = 'UAPPROVER1';
const FORM = 'application/x-www-form-urlencoded';
const now = () => Math.floor(Date.now() / 1000);

/**
 * The worker's trust boundary: the worker Lambda can be invoked by any principal with lambda:InvokeFunction, so it acts
 * only on what Slack signed. Run against the built worker bundle, as Lambda loads it.
 */
describe('the worker acts only on requests Slack signed', () => {
  const out = mkdtempSync(join(tmpdir(), 'bucket-key-trust-'));
  let bundles: Awaited<ReturnType<typeof buildBundles>>;
  const ssm = new SsmStandIn();
  const lightsail = new LightsailEmulator();
  const slack = new SlackStandIn(demoWorkspace(BOT_TOKEN));
  let dynamo: LocalDynamoDb;
  let proxy: DynamoFaultProxy;
  let db: DynamoDBDocumentClient;
  let env: Record<string, string>;
  const requestId = requestIdFor(REQUESTER, 'media-assets', 1);

  beforeAll(async () => {
    [bundles, dynamo] = await Promise.all([buildBundles(out), startLocalDynamoDb()]);
    proxy = new DynamoFaultProxy(dynamo.url);
    await Promise.all([ssm.start(), lightsail.start(), slack.start(), proxy.start()]);
    lightsail.state.addBucket('media-assets');
    ssm.parameters.set('/bucket-key/prod/slack-signing-secret', SIGNING_SECRET);
    ssm.parameters.set('/bucket-key/prod/slack-bot-token', BOT_TOKEN);
    env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      SSM_ENDPOINT: ssm.url,
      SLACK_SIGNING_SECRET_PARAM: '/bucket-key/prod/slack-signing-secret',
      SLACK_BOT_TOKEN_PARAM: '/bucket-key/prod/slack-bot-token',
      SLACK_API_URL: slack.apiUrl,
      APPROVAL_CHANNEL_ID: 'CAPPROVALS',
      APPROVER_IDS: APPROVER,
      AUDITOR_IDS: 'UAUDITOR01',
      // As deployed: the SDK's own endpoint variable, tables made beforehand (no local table setup).
      AWS_ENDPOINT_URL_DYNAMODB: proxy.url,
      LIGHTSAIL_ENDPOINT: lightsail.url,
      LOG_LEVEL: 'WARN',
    };
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await ensureTables(client, { requests: 'bucket-key-requests', audit: 'bucket-key-audit' });
    db = DynamoDBDocumentClient.from(client);
    // Prepare: a pending request, made through the worker from a genuine signed command.
    const made = await runWorker(signed(command(REQUESTER, 'create media-assets trust boundary')));
    expect(made.stderr).toBe('');
    expect(await stateOf(requestId)).toBe('PENDING');
  }, 120_000);
  afterAll(async () => {
    db?.destroy();
    await Promise.all([ssm.stop(), lightsail.stop(), slack.stop(), proxy?.stop()]);
    await dynamo?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  function command(userId: string, text: string): string {
    return slashCommandBody({
      text,
      userId,
      channelId: `D${userId.slice(1)}`,
      responseUrl: slack.newResponseUrl(userId, `D${userId.slice(1)}`),
    });
  }
  function click(userId: string, actionId: string, value: string): string {
    const responseUrl = slack.newResponseUrl(userId, 'CAPPROVALS');
    return blockActionBody({
      userId,
      actionId,
      value,
      in: { channelId: 'CAPPROVALS', messageTs: '1.000001', responseUrl },
    });
  }
  /** The payload `http` hands the worker: the body, signed as Slack signs it. */
  function signed(body: string, options: { secret?: string; timestamp?: number; signedBody?: string } = {}) {
    const headers = signedHeaders(
      options.secret ?? SIGNING_SECRET,
      options.signedBody ?? body,
      options.timestamp,
    );
    return {
      slackRequest: {
        body,
        signature: headers['x-slack-signature'],
        timestamp: headers['x-slack-request-timestamp'],
        contentType: FORM,
      },
    };
  }
  const runWorker = (payload: unknown) => invokeBundle(bundles.worker, payload, env);
  const stateOf = async (id: string) =>
    (await db.send(new GetCommand({ TableName: 'bucket-key-requests', Key: { requestId: id } }))).Item?.state;
  const auditEvents = async (type: string) =>
    ((await db.send(new ScanCommand({ TableName: 'bucket-key-audit' }))).Items ?? []).filter(
      (item) => item.type === type,
    );

  const approveBody = () => click(APPROVER, 'approve_request', requestId);
  it.each([
    [
      'a bare job, as any principal allowed to invoke the worker could send',
      () => ({ kind: 'decide', userId: APPROVER, requestId, approve: true }),
      'no Slack signature',
    ],
    [
      'a Slack request without its signature',
      () => {
        const { signature: _dropped, ...rest } = signed(approveBody()).slackRequest;
        return { slackRequest: rest };
      },
      'no Slack signature',
    ],
    [
      'a signed request older than the window',
      () => signed(approveBody(), { timestamp: now() - 11 * 60 }),
      'timestamp outside the accepted window',
    ],
    [
      'a request re-signed with another secret',
      () => signed(approveBody(), { secret: 'not-the-signing-secret' }),
      'signature does not match the body',
    ],
    [
      "a genuine signature over another body (the requester's own status command)",
      () => signed(approveBody(), { signedBody: command(REQUESTER, 'status') }),
      'signature does not match the body',
    ],
    [
      'a forged audit lookup whose response_url is an attacker’s webhook on Slack’s hooks host',
      () => ({
        kind: 'audit',
        userId: APPROVER,
        responseUrl: 'https://hooks.slack.com/services/T000/B000/attacker',
        query: { subject: { kind: 'bucket', bucket: 'media-assets' }, pageSize: 10 },
      }),
      'no Slack signature',
    ],
  ])('refuses %s: one tallied refusal, a warning, nothing else', async (_, payload, reason) => {
    // Every minute's tally of this reason, summed: a run may cross into the next minute.
    const tallied = async () =>
      ((await db.send(new ScanCommand({ TableName: 'bucket-key-requests' }))).Items ?? [])
        .filter((item) => String(item.requestId).startsWith(`REFUSALS#${reason}#`))
        .reduce((sum, item) => sum + Number(item.refused), 0);
    const before = {
      dynamo: proxy.calls.length,
      slack: slack.calls.length,
      lightsail: lightsail.calls.length,
      refused: await tallied(),
      events: ((await db.send(new ScanCommand({ TableName: 'bucket-key-audit' }))).Items ?? []).length,
    };

    const run = await runWorker(payload());

    // Nothing acted: the only DynamoDB call adds one to this minute's tally of refusals (the sweeper
    // records each minute as one audit event), and Slack and Lightsail heard nothing.
    expect(proxy.calls.slice(before.dynamo)).toEqual([
      { operation: 'UpdateItem', table: 'bucket-key-requests' },
    ]);
    expect(slack.calls.length).toBe(before.slack);
    expect(lightsail.calls.length).toBe(before.lightsail);
    expect(await stateOf(requestId)).toBe('PENDING');
    expect(((await db.send(new ScanCommand({ TableName: 'bucket-key-audit' }))).Items ?? []).length).toBe(
      before.events,
    );
    expect(await tallied()).toBe(before.refused + 1);
    expect(`${run.stdout}${run.stderr}`).toMatch(/"level":"WARN".*forged job refused/);
    // The invocation ends by printing its metrics: the refusal is counted for the ForgedJobs alarm.
    expect(emfTotal(emfLines(run.stdout), 'ForgedJobsRefused')).toBe(1);
  });

  it('treats a replayed signed click as what it is: the same decision, made once', async () => {
    const approval = signed(approveBody());

    await runWorker(approval);
    await runWorker(approval);

    expect(await stateOf(requestId)).toBe('APPROVED');
    expect(await auditEvents('request_approved')).toHaveLength(1);
    const answers = slack.messages.filter((m) => m.visibleTo === APPROVER && m.via === 'response_url');
    expect(JSON.stringify(answers.at(-1))).toContain('already approved');

    // The requester's "Create key now", replayed: one key, one secret.
    const create = signed(click(REQUESTER, 'create_key_now', requestId));
    await runWorker(create);
    await runWorker(create);

    expect(lightsail.state.buckets.get('media-assets')?.keys).toHaveLength(1);
    expect(lightsail.issuedSecrets).toHaveLength(1);
    expect(await stateOf(requestId)).toBe('ISSUED');
  });
});

describe('rotated secrets reach warm containers', () => {
  const out = mkdtempSync(join(tmpdir(), 'bucket-key-rotation-'));
  let bundles: Awaited<ReturnType<typeof buildBundles>>;
  const ssm = new SsmStandIn();
  const slack = new SlackStandIn(demoWorkspace('xoxb-first-token'));
  const lightsail = new LightsailEmulator();
  let dynamo: LocalDynamoDb;
  let common: Record<string, string>;

  beforeAll(async () => {
    [bundles, dynamo] = await Promise.all([buildBundles(out), startLocalDynamoDb()]);
    await Promise.all([ssm.start(), slack.start(), lightsail.start()]);
    lightsail.state.addBucket('media-assets');
    lightsail.state.addBucket('nightly-backups');
    ssm.parameters.set('/p/signing', 'first-secret');
    ssm.parameters.set('/p/token', 'xoxb-first-token');
    common = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      SSM_ENDPOINT: ssm.url,
      SLACK_SIGNING_SECRET_PARAM: '/p/signing',
      SLACK_BOT_TOKEN_PARAM: '/p/token',
      SLACK_API_URL: slack.apiUrl,
      APPROVAL_CHANNEL_ID: 'CAPPROVALS',
      APPROVER_IDS: APPROVER,
      WORKER_FUNCTION_NAME: 'worker',
      LAMBDA_ENDPOINT: 'http://127.0.0.1:9',
      DYNAMODB_ENDPOINT: dynamo.url,
      LIGHTSAIL_ENDPOINT: lightsail.url,
      LOG_LEVEL: 'ERROR',
    };
  }, 120_000);
  afterAll(async () => {
    await Promise.all([ssm.stop(), slack.stop(), lightsail.stop()]);
    await dynamo?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  const helpEvent = (secret: string) => {
    const body = command('help');
    return apiGatewayV2Event(body, signedHeaders(secret, body));
  };
  function command(text: string): string {
    return slashCommandBody({
      text,
      userId: REQUESTER,
      channelId: 'DREQUESTER',
      responseUrl: 'http://127.0.0.1:9/r',
    });
  }

  it('http: once the cache time has passed, the new signing secret verifies and the old one is refused', async () => {
    const http = warmBundle(bundles.http, { ...common, SECRETS_CACHE_SECONDS: '0' });
    try {
      expect(await http.invoke(helpEvent('first-secret'))).toMatchObject({ statusCode: 200 });

      ssm.parameters.set('/p/signing', 'second-secret');

      expect(await http.invoke(helpEvent('first-secret'))).toMatchObject({ statusCode: 401 });
      expect(await http.invoke(helpEvent('second-secret'))).toMatchObject({ statusCode: 200 });
    } finally {
      await http.stop();
      ssm.parameters.set('/p/signing', 'first-secret');
    }
  });

  it('http: within the cache time, the container keeps the secret it read', async () => {
    const http = warmBundle(bundles.http, common);
    try {
      expect(await http.invoke(helpEvent('first-secret'))).toMatchObject({ statusCode: 200 });
      const reads = ssm.calls.length;

      ssm.parameters.set('/p/signing', 'second-secret');

      expect(await http.invoke(helpEvent('first-secret'))).toMatchObject({ statusCode: 200 });
      expect(ssm.calls.length).toBe(reads);
    } finally {
      await http.stop();
      ssm.parameters.set('/p/signing', 'first-secret');
    }
  });

  it('worker and sweeper: a rotated bot token and signing secret are used after the cache time', async () => {
    const worker = warmBundle(bundles.worker, { ...common, SECRETS_CACHE_SECONDS: '0', LOG_LEVEL: 'WARN' });
    const sweeper = warmBundle(bundles.sweeper, { ...common, SECRETS_CACHE_SECONDS: '0' });
    const job = (secret: string, text: string) => {
      const body = command(text);
      const headers = signedHeaders(secret, body);
      return {
        slackRequest: {
          body,
          signature: headers['x-slack-signature'],
          timestamp: headers['x-slack-request-timestamp'],
          contentType: FORM,
        },
      };
    };
    try {
      await worker.invoke(job('first-secret', 'create media-assets before rotation'));
      await sweeper.invoke({});
      const cards = () =>
        slack.messages.filter((m) => m.channel === 'CAPPROVALS' && m.text.includes('asks for an access key'));
      expect(cards()).toHaveLength(1);

      // Rotate both: Slack now accepts only the new token, SSM holds the new values.
      slack.workspace.botToken = 'xoxb-second-token';
      ssm.parameters.set('/p/token', 'xoxb-second-token');
      ssm.parameters.set('/p/signing', 'second-secret');
      const refusedBefore = slack.calls.length;

      await worker.invoke(job('first-secret', 'create media-assets signed with the old secret'));
      expect(slack.calls.length).toBe(refusedBefore);
      expect(worker.output()).toContain('forged job refused');

      // Slack accepts only the new token: a card or a report posted now proves the container swapped it.
      await worker.invoke(job('second-secret', 'create nightly-backups after rotation'));
      lightsail.state.addKey('media-assets');
      await sweeper.invoke({});

      const approvals = slack.messages
        .filter((m) => m.channel === 'CAPPROVALS')
        .map((m) => JSON.stringify(m));
      expect(approvals.filter((text) => text.includes('nightly-backups'))).toHaveLength(1);
      expect(approvals.filter((text) => text.includes('no record of'))).toHaveLength(1);
    } finally {
      await Promise.all([worker.stop(), sweeper.stop()]);
    }
  });
});
