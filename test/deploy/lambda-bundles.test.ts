import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBucketCatalog } from '../../src/adapters/dynamodb/dynamo-bucket-catalog.js';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables.js';
import { apiGatewayV2Event } from '../../src/sandbox/aws/api-gateway-event.js';
import { LambdaInvokeStandIn } from '../../src/sandbox/aws/lambda-standin.js';
import { SsmStandIn } from '../../src/sandbox/aws/ssm-standin.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { LightsailEmulator } from '../../src/sandbox/lightsail/lightsail-emulator.js';
import {
  blockSuggestionBody,
  signedHeaders,
  slashCommandBody,
} from '../../src/sandbox/slack/signed-request.js';
import { SlackStandIn } from '../../src/sandbox/slack/slack-standin.js';
import { demoWorkspace } from '../../src/sandbox/slack/slack-workspace.js';
import { FORM_INPUT, REQUEST_FORM_BLOCK, VIEW } from '../../src/slack/messages/ids.js';
import { buildBundles, invokeBundle } from '../support/lambda-bundles.js';

const SIGNING_SECRET = 'bundle-signing-secret';
const BOT_TOKEN = 'xoxb-bundle-token';
const WORKER = 'bucket-key-prod-worker';

describe('the built Lambda bundles', () => {
  const out = mkdtempSync(join(tmpdir(), 'bucket-key-bundles-'));
  let bundles: Awaited<ReturnType<typeof buildBundles>>;
  const lambda = new LambdaInvokeStandIn([WORKER]);
  const ssm = new SsmStandIn();
  const lightsail = new LightsailEmulator();
  const slack = new SlackStandIn(demoWorkspace(BOT_TOKEN));
  let dynamo: LocalDynamoDb;
  let common: Record<string, string>;

  beforeAll(async () => {
    [bundles, dynamo] = await Promise.all([buildBundles(out), startLocalDynamoDb()]);
    await Promise.all([lambda.start(), ssm.start(), lightsail.start(), slack.start()]);
    lightsail.state.addBucket('media-assets');
    ssm.parameters.set('/bucket-key/prod/slack-signing-secret', SIGNING_SECRET);
    ssm.parameters.set('/bucket-key/prod/slack-bot-token', BOT_TOKEN);
    common = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      SSM_ENDPOINT: ssm.url,
      SLACK_API_URL: slack.apiUrl,
      APPROVAL_CHANNEL_ID: 'CAPPROVALS',
      APPROVER_IDS: 'UAPPROVER1',
      LOG_LEVEL: 'WARN',
    };
  }, 120_000);
  afterAll(async () => {
    await Promise.all([lambda.stop(), ssm.stop(), lightsail.stop(), slack.stop(), dynamo.stop()]);
    rmSync(out, { recursive: true, force: true });
  });

  const workerEnv = () => ({
    ...common,
    SLACK_SIGNING_SECRET_PARAM: '/bucket-key/prod/slack-signing-secret',
    SLACK_BOT_TOKEN_PARAM: '/bucket-key/prod/slack-bot-token',
    DYNAMODB_ENDPOINT: dynamo.url,
    LIGHTSAIL_ENDPOINT: lightsail.url,
  });
  /** The signature headers as the worker receives them. */
  const pick = (headers: Record<string, string>) => ({
    signature: headers['x-slack-signature'],
    timestamp: headers['x-slack-request-timestamp'],
    contentType: headers['content-type'],
  });

  const httpEnv = () => ({
    ...common,
    SLACK_SIGNING_SECRET_PARAM: '/bucket-key/prod/slack-signing-secret',
    SLACK_BOT_TOKEN_PARAM: '/bucket-key/prod/slack-bot-token',
    WORKER_FUNCTION_NAME: WORKER,
    LAMBDA_ENDPOINT: lambda.url,
  });

  function slashCommandEvent(text: string, base64 = false) {
    const body = slashCommandBody({
      text,
      userId: 'UREQUESTER',
      channelId: 'DREQUESTER',
      responseUrl: slack.newResponseUrl('UREQUESTER', 'DREQUESTER'),
    });
    return apiGatewayV2Event(body, signedHeaders(SIGNING_SECRET, body), { base64 });
  }

  it('exports two-argument async handlers', async () => {
    const answer = await invokeBundle(bundles.http, slashCommandEvent('help'), httpEnv());
    expect(answer.arity).toBe(2);
  });

  it('acknowledges a signed slash command in well under 3 s and invokes the worker asynchronously', async () => {
    const event = slashCommandEvent('create media-assets from the bundle');
    const ssmCallsOfEarlierTests = ssm.calls.length;
    const answer = await invokeBundle(bundles.http, event, httpEnv());
    expect(answer.result).toMatchObject({ statusCode: 200 });
    expect(String((answer.result as { body: string }).body)).toContain('Working on it');
    // Slack's limit is 3 s; this cold start (SSM reads, Bolt, the Invoke) typically takes a tenth of it.
    expect(answer.ms).toBeLessThan(3000);
    const invocation = lambda.invocations.at(-1);
    // The payload is Slack's signed request as it arrived, and nothing else.
    expect(invocation).toMatchObject({ functionName: WORKER, type: 'Event' });
    const payload = invocation?.payload as { slackRequest: Record<string, string> };
    expect(Object.keys(payload)).toEqual(['slackRequest']);
    expect(payload.slackRequest).toEqual({ body: event.body, ...pick(event.headers) });
    // No secret rides in the payload, and SecureStrings are always read decrypted.
    expect(JSON.stringify(payload)).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(payload)).not.toContain(SIGNING_SECRET);
    expect(ssm.calls.every((call) => call.decrypt)).toBe(true);
    // The http function reads both secrets, in one GetParameters: the bot token only opens the
    // request modal (views.open).
    const httpReads = ssm.calls.slice(ssmCallsOfEarlierTests);
    expect(httpReads).toHaveLength(1);
    expect(httpReads[0]?.names.sort()).toEqual([
      '/bucket-key/prod/slack-bot-token',
      '/bucket-key/prod/slack-signing-secret',
    ]);
    const ssmCallsBefore = ssm.calls.length;

    // Prepare → Act: run the worker bundle on that very payload.
    const worked = await invokeBundle(bundles.worker, payload, workerEnv());
    expect(worked.stderr).not.toMatch(/Error/);
    const card = slack.messages.find((m) => m.channel === 'CAPPROVALS');
    expect(JSON.stringify(card)).toContain('asks for an access key to *media-assets*');
    // The worker reads the signing secret, to verify the request, and the bot token.
    expect(
      ssm.calls
        .slice(ssmCallsBefore)
        .flatMap((c) => c.names)
        .sort(),
    ).toEqual(['/bucket-key/prod/slack-bot-token', '/bucket-key/prod/slack-signing-secret']);
  });

  it('accepts base64-encoded bodies, as API Gateway sends them', async () => {
    const before = lambda.invocations.length;
    const answer = await invokeBundle(
      bundles.http,
      slashCommandEvent('create media-assets base64 please', true),
      httpEnv(),
    );
    expect(answer.result).toMatchObject({ statusCode: 200 });
    expect(lambda.invocations.length).toBe(before + 1);
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['signed with the wrong secret', 'wrong-secret', now],
    ['correctly signed, six minutes in the future', SIGNING_SECRET, () => now() + 360],
  ])('rejects a request %s with 401 and invokes nothing', async (_, secret, timestamp) => {
    const before = lambda.invocations.length;
    const body = slashCommandBody({
      text: 'create media-assets',
      userId: 'UREQUESTER',
      channelId: 'D1',
      responseUrl: 'http://127.0.0.1:1/x',
    });
    const answer = await invokeBundle(
      bundles.http,
      apiGatewayV2Event(body, signedHeaders(secret, body, timestamp())),
      httpEnv(),
    );
    expect(answer.result).toMatchObject({ statusCode: 401 });
    expect(lambda.invocations.length).toBe(before);
  });

  // Unsigned, with a fresh timestamp: Bolt's receiver parses such a body before it checks the signature.
  const unsigned = (body: string, contentType: string, base64 = false) =>
    apiGatewayV2Event(
      body,
      {
        'content-type': contentType,
        'x-slack-request-timestamp': String(now()),
        'x-slack-signature': 'v0=0000',
      },
      { base64 },
    );
  it.each([
    ['application/json that is not JSON', 400, unsigned('{"type": "url_verif', 'application/json')],
    [
      'a form whose payload is not JSON',
      400,
      unsigned('payload=%7Bbad', 'application/x-www-form-urlencoded'),
    ],
    [
      'a form with a charset Bolt does not read as a form',
      400,
      unsigned('a=1', 'application/x-www-form-urlencoded; charset=utf-8'),
    ],
    [
      'a body over 512 KB',
      413,
      unsigned(`payload=${'a'.repeat(512 * 1024)}`, 'application/x-www-form-urlencoded'),
    ],
    ['a base64 body over 512 KB', 413, unsigned('x'.repeat(600 * 1024), 'application/json', true)],
  ])('answers %s with %i before parsing it, and invokes nothing', async (_, status, event) => {
    const before = lambda.invocations.length;
    const ssmCalls = ssm.calls.length;
    const answer = await invokeBundle(bundles.http, event, httpEnv());
    expect(answer.result).toEqual({ statusCode: status, body: '' });
    expect(lambda.invocations.length).toBe(before);
    // Refused before anything else: not even the secrets were read.
    expect(ssm.calls.length).toBe(ssmCalls);
  });

  it('answers a correctly signed body over 512 KB with 413 too', async () => {
    const body = `payload=${'a'.repeat(512 * 1024)}`;
    const answer = await invokeBundle(
      bundles.http,
      apiGatewayV2Event(body, signedHeaders(SIGNING_SECRET, body)),
      httpEnv(),
    );
    expect(answer.result).toEqual({ statusCode: 413, body: '' });
  });

  it('never throws: a failure it did not expect (SSM unreachable) is logged and answered 500', async () => {
    const answer = await invokeBundle(bundles.http, slashCommandEvent('help'), {
      ...httpEnv(),
      SSM_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(answer.result).toEqual({ statusCode: 500, body: '' });
    expect(answer.stdout + answer.stderr).toContain('http request failed');
  });

  it('answers the request form’s picker from the bucket catalog, whose bundle it loads on first use', async () => {
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await ensureTables(client, { requests: 'bucket-key-requests', audit: 'bucket-key-audit' });
    await new DynamoBucketCatalog(client, 'bucket-key-requests').write({
      buckets: [
        { bucket: 'media-assets', region: 'us-east-1', keyCount: 1 },
        { bucket: 'nightly-backups', region: 'us-east-1', keyCount: 0 },
      ],
      total: 2,
      updatedAt: new Date().toISOString(),
    });
    client.destroy();
    const body = blockSuggestionBody({
      userId: 'UREQUESTER',
      actionId: FORM_INPUT.bucketPicker,
      blockId: REQUEST_FORM_BLOCK.bucket,
      value: 'media',
      viewId: 'VMODAL1',
      callbackId: VIEW.requestKey,
    });
    const event = apiGatewayV2Event(body, signedHeaders(SIGNING_SECRET, body));

    const answer = await invokeBundle(bundles.http, event, { ...httpEnv(), DYNAMODB_ENDPOINT: dynamo.url });

    expect(answer.result).toMatchObject({ statusCode: 200 });
    const options = JSON.parse(String((answer.result as { body: string }).body)) as {
      options: Array<{ value: string }>;
    };
    expect(options.options.map((option) => option.value)).toEqual(['media-assets']);
  });

  it("keeps Lightsail, DynamoDB's document layer and the catalog's DynamoDB client out of the http bundle", () => {
    const meta = readFileSync(join(out, 'http', 'meta.json'), 'utf8');
    expect(meta).not.toContain('client-lightsail');
    // Only the low-level client's GetItem, for the request modal's bucket catalog.
    expect(meta).not.toContain('lib-dynamodb');
    expect(meta).not.toContain('util-dynamodb');
    expect(meta).not.toContain('node_modules/yaml/');
    expect(readFileSync(join(out, 'worker', 'meta.json'), 'utf8')).toContain('client-lightsail');
    // The DynamoDB client is in the catalog's own bundle, loaded by the first picker or submission.
    expect(meta).not.toContain('client-dynamodb');
    const catalogPart = readFileSync(join(out, 'http', 'http-catalog.meta.json'), 'utf8');
    expect(catalogPart).toContain('client-dynamodb');
    expect(catalogPart).not.toContain('lib-dynamodb');
  });

  it('loads nothing on the ack path that the ack does not need', () => {
    // The files that put bytes into the bundle (the metafile also lists ones tree-shaken to nothing).
    const metafile = JSON.parse(readFileSync(join(out, 'http', 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith('index.js'))?.[1];
    const bundled = Object.entries(output?.inputs ?? {});
    expect(bundled.length).toBeGreaterThan(0);
    const meta = bundled
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file)
      .join('\n');
    // zod's tree-shakeable API only: the classic one pulls in every locale.
    expect(meta).toContain('zod/v4/mini');
    expect(meta).not.toContain('zod/v4/classic');
    expect(meta).not.toContain('zod/v4/locales');
    // Lambda's environment credentials only: no SSO, ini, web identity or IMDS chain, nor their clients.
    expect(meta).not.toContain('credential-provider-node');
    expect(meta).not.toContain('credential-provider-sso');
    expect(meta).not.toContain('nested-clients');
    // Bolt's App and Lambda receiver only: no Express, no Socket Mode.
    expect(meta).not.toContain('node_modules/express/');
    expect(meta).not.toContain('@slack/socket-mode');
    // Of the Lambda client's operation schemas, Invoke's only (scripts/build.ts: plainSchemaTraits).
    const code = readFileSync(join(out, 'http', 'index.js'), 'utf8');
    expect(code).toContain('/2015-03-31/functions/{FunctionName}/invocations');
    expect(code).not.toContain('/2015-03-31/functions/{FunctionName}/aliases');
    expect(code).not.toContain('/2015-03-31/functions/{FunctionName}/policy');
  });

  /** The files that put bytes into a bundle (the metafile also lists ones tree-shaken to nothing). */
  const bundledFiles = (name: string, file = 'index') => {
    const metafile = JSON.parse(
      readFileSync(join(out, name, `${file === 'index' ? '' : `${file}.`}meta.json`), 'utf8'),
    ) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(`${file}.js`))?.[1];
    return Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path)
      .join('\n');
  };

  it.each(['worker', 'sweeper'])('gives the %s Lambda’s environment credentials only', (name) => {
    const meta = bundledFiles(name);
    expect(meta).toContain('credential-provider-env');
    expect(meta).not.toContain('credential-provider-node');
    expect(meta).not.toContain('credential-provider-sso');
    expect(meta).not.toContain('nested-clients');
  });

  it('runs under a policy file where BUCKET_KEY_POLICY names one', async () => {
    const policyPath = join(out, 'policy.yml');
    writeFileSync(policyPath, 'restrictToListedBuckets: true\nbuckets:\n  nightly-backups: {}\n');
    const responseUrl = slack.newResponseUrl('UPOLICY', 'DPOLICY');
    const body = slashCommandBody({
      text: 'create media-assets not in the policy',
      userId: 'UPOLICY',
      channelId: 'DPOLICY',
      responseUrl,
    });
    const cards = slack.messages.filter((m) => m.channel === 'CAPPROVALS').length;

    const worked = await invokeBundle(
      bundles.worker,
      { slackRequest: { body, ...pick(signedHeaders(SIGNING_SECRET, body)) } },
      { ...workerEnv(), BUCKET_KEY_POLICY: policyPath },
    );

    expect(worked.stderr).not.toMatch(/Error/);
    const reply = slack.messages.filter((m) => m.via === 'response_url' && m.visibleTo === 'UPOLICY');
    expect(JSON.stringify(reply)).toContain(
      '*media-assets* is not a bucket that keys can be requested for here',
    );
    expect(slack.messages.filter((m) => m.channel === 'CAPPROVALS')).toHaveLength(cards);
  });
});
