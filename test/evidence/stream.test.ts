import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../src/adapters/dynamodb/dynamo-audit-log.js';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables.js';
import { EventBridgeAuditBus } from '../../src/adapters/eventbridge/eventbridge-audit-bus.js';
import { hashEvent } from '../../src/domain/audit-chain.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { handler } from '../../src/entrypoints/lambda-publisher.js';
import type { AuditEventBus } from '../../src/ports/audit-event-bus.js';
import { readStreamFromStart } from '../../src/sandbox/aws/dynamodb-stream-reader.js';
import { type MotoServer, startMotoServer } from '../../src/sandbox/aws/moto-server.js';
import { startAmazonDynamoDbLocal } from '../../src/sandbox/dynamodb/amazon-dynamodb-local.js';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { ManualClock } from '../support/manual-clock.js';

const LOCAL = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
/** Streams need Amazon's DynamoDB Local (dynalite has none); vitest.config.ts says when java is missing. */
const STREAM_BACKENDS = process.env.BUCKET_KEY_TEST_JAVA ? ['DynamoDB Local'] : [];

describe('the publisher’s failures', () => {
  it('reports the first record the bus refused, so the stream retries from there', async () => {
    const refusing: AuditEventBus = {
      publish: async (entries) => entries.map((_, i) => i).filter((i) => i >= 1),
    };
    const records = [1, 2, 3].map((seq) => ({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: `${seq}00`,
        Keys: { chain: { S: 'events' }, seq: { N: String(seq) } },
        NewImage: {
          chain: { S: 'events' },
          seq: { N: String(seq) },
          hash: { S: 'h' },
          prevHash: { S: 'p' },
          type: { S: 'key_issued' },
          at: { S: '2026-11-01T00:00:00Z' },
        },
      },
    }));
    // Not an event: another partition of the table is never published.
    records.push({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '400',
        Keys: { chain: { S: 'checkpoints' }, seq: { N: '1' } },
        NewImage: records[0]!.dynamodb.NewImage,
      },
    });
    expect(await handler({ Records: records }, {}, refusing)).toEqual({
      batchItemFailures: [{ itemIdentifier: '200' }],
    });
  });
});

describe.each(STREAM_BACKENDS)('the audit stream: %s Streams → publisher → EventBridge (moto) → SQS', () => {
  let dynamo: LocalDynamoDb;
  let moto: MotoServer;
  let client: DynamoDBClient;
  let streams: DynamoDBStreamsClient;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let queueUrl: string;
  let bus: EventBridgeAuditBus;
  const table = 'audit-stream';

  beforeAll(async () => {
    [dynamo, moto] = await Promise.all([
      startAmazonDynamoDbLocal(),
      startMotoServer(process.env.BUCKET_KEY_TEST_MOTO),
    ]);
    client = new DynamoDBClient({ ...LOCAL, endpoint: dynamo.url });
    streams = new DynamoDBStreamsClient({ ...LOCAL, endpoint: dynamo.url });
    await ensureTables(client, { requests: 'requests-stream', audit: table });
    // As serverless.yml declares the audit table: a stream of new and old images.
    await client.send(
      new UpdateTableCommand({
        TableName: table,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    events = new EventBridgeClient({ ...LOCAL, endpoint: moto.url });
    sqs = new SQSClient({ ...LOCAL, endpoint: moto.url });
    await events.send(new CreateEventBusCommand({ Name: 'bucket-key-audit' }));
    queueUrl = String((await sqs.send(new CreateQueueCommand({ QueueName: 'siem' }))).QueueUrl);
    const queueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    // A SIEM's subscription: every bucket-key event on the bus, into its queue.
    await events.send(
      new PutRuleCommand({
        Name: 'siem',
        EventBusName: 'bucket-key-audit',
        EventPattern: JSON.stringify({ source: ['bucket-key'] }),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'siem',
        EventBusName: 'bucket-key-audit',
        Targets: [{ Id: 'siem', Arn: queueArn }],
      }),
    );
    bus = new EventBridgeAuditBus(events, 'bucket-key-audit');
  }, 120_000);
  afterAll(async () => {
    for (const c of [client, streams, events, sqs]) c?.destroy();
    await Promise.all([dynamo?.stop(), moto?.stop()]);
  });

  /** What arrived in the SIEM's queue, every message, until it is empty. */
  async function arrived(): Promise<
    Array<{ source: string; 'detail-type': string; detail: { seq: number; hash: string; event: AuditEvent } }>
  > {
    const messages: Array<{
      source: string;
      'detail-type': string;
      detail: { seq: number; hash: string; event: AuditEvent };
    }> = [];
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (!out.Messages?.length) return messages;
      for (const m of out.Messages) messages.push(JSON.parse(String(m.Body)));
    }
  }

  it('publishes each appended event with seq and hash; a replay publishes nothing new for a consumer deduping on seq', async () => {
    const log = new DynamoAuditLog(
      DynamoDBDocumentClient.from(client),
      table,
      new ManualClock(Date.parse('2026-11-01T09:00:00Z')),
    );
    const appended: AuditEvent[] = [];
    for (const type of ['request_created', 'request_approved', 'key_issued'] as const)
      appended.push(await log.append({ type, outcome: 'ok', actorId: 'UAPPROVER1', bucket: 'media-assets' }));
    await log.recordPostedHead({ day: '2026-11-01', seq: 3, hash: appended[2]!.hash });

    expect(await handler({ Records: await readStreamFromStart(client, streams, table) }, {}, bus)).toEqual({
      batchItemFailures: [],
    });
    const first = await arrived();
    expect(first.map((m) => m['detail-type'])).toEqual(['request_created', 'request_approved', 'key_issued']);
    for (const [i, message] of first.entries()) {
      expect(message.source).toBe('bucket-key');
      expect(message.detail).toMatchObject({ seq: appended[i]?.seq, hash: appended[i]?.hash });
      // The event exactly as stored: its hash recomputes from the detail alone.
      expect(hashEvent(message.detail.event)).toBe(message.detail.hash);
    }

    // The stream replayed from its start (a retried batch, a redeployed mapping): the same events again.
    await handler({ Records: await readStreamFromStart(client, streams, table) }, {}, bus);
    const replay = await arrived();
    const seen = new Map(first.map((m) => [m.detail.seq, m.detail.hash]));
    const fresh = replay.filter((m) => !seen.has(m.detail.seq));
    expect(fresh).toEqual([]);
    for (const m of replay) expect(m.detail.hash).toBe(seen.get(m.detail.seq));
  });

  it('tells the bus when an event already on the chain is overwritten', async () => {
    const db = DynamoDBDocumentClient.from(client);
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          chain: 'events',
          seq: 2,
          prevHash: 'x',
          hash: 'y',
          eventId: 'e',
          at: 'a',
          type: 'request_denied',
          outcome: 'ok',
          actorId: 'U9',
        },
      }),
    );
    await handler({ Records: await readStreamFromStart(client, streams, table) }, {}, bus);
    const changed = (await arrived()).filter((m) => m['detail-type'] === 'audit_chain_item_changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.detail).toMatchObject({ seq: 2, change: 'MODIFY', newHash: 'y' });
  });
});
