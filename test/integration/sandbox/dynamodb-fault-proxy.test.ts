import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../../src/adapters/dynamodb/ensure-tables.js';
import { DynamoFaultProxy } from '../../../src/sandbox/dynamodb/dynamodb-fault-proxy.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../../src/sandbox/dynamodb/local-dynamodb.js';

describe('DynamoDB fault proxy, through the real client', () => {
  let dynamo: LocalDynamoDb;
  let proxy: DynamoFaultProxy;
  let db: DynamoDBDocumentClient;
  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
    proxy = new DynamoFaultProxy(dynamo.url);
    await proxy.start();
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: proxy.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    await ensureTables(client, { requests: 'requests-t', audit: 'audit-t' });
    db = DynamoDBDocumentClient.from(client);
  });
  afterAll(async () => {
    await proxy.stop();
    await dynamo.stop();
  });

  it('passes calls through to dynalite untouched', async () => {
    await db.send(new PutCommand({ TableName: 'audit-t', Item: { chain: 'events', seq: 1, bucket: 'b' } }));
    expect(
      (await db.send(new GetCommand({ TableName: 'audit-t', Key: { chain: 'events', seq: 1 } }))).Item,
    ).toEqual({
      chain: 'events',
      seq: 1,
      bucket: 'b',
    });
  });

  it('answers chosen calls with DynamoDB’s own exception, then lets the next one through', async () => {
    proxy.fail('PutItem', 'ProvisionedThroughputExceededException', 1, '"e2"');
    await db.send(new PutCommand({ TableName: 'audit-t', Item: { chain: 'events', seq: 3 } }));
    const error = await db
      .send(new PutCommand({ TableName: 'audit-t', Item: { chain: 'events', seq: 2, eventId: 'e2' } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    await db.send(new PutCommand({ TableName: 'audit-t', Item: { chain: 'events', seq: 2, eventId: 'e2' } }));
    expect(
      (await db.send(new GetCommand({ TableName: 'audit-t', Key: { chain: 'events', seq: 2 } }))).Item,
    ).toBeDefined();
  });
});
