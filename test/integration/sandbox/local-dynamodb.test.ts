import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../../src/adapters/dynamodb/ensure-tables.js';
import { auditTable, requestsTable } from '../../../src/adapters/dynamodb/table-definitions.js';
import { startLocalDynamoDb } from '../../../src/sandbox/dynamodb/local-dynamodb.js';

const names = { requests: 'requests', audit: 'audit' };
const clientFor = (url: string) =>
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });

describe('local DynamoDB (dynalite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bucket-key-dynalite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the tables from the shared definitions, idempotently', async () => {
    const db = await startLocalDynamoDb();
    const client = clientFor(db.url);
    await ensureTables(client, names);
    await ensureTables(client, names);
    for (const [name, definition] of [
      ['requests', requestsTable],
      ['audit', auditTable],
    ] as const) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(Table?.KeySchema).toEqual(definition.KeySchema);
      expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema])).toEqual(
        definition.GlobalSecondaryIndexes.map((i) => [i.IndexName, i.KeySchema]),
      );
    }
    await db.stop();
  });

  it('refuses to start on a kept table that lacks an index the code queries', async () => {
    const db = await startLocalDynamoDb();
    const client = clientFor(db.url);
    const { GlobalSecondaryIndexes: _all, ...withoutIndexes } = auditTable;
    await client.send(
      new CreateTableCommand({
        TableName: 'audit',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'chain', AttributeType: 'S' },
          { AttributeName: 'seq', AttributeType: 'N' },
        ],
        KeySchema: withoutIndexes.KeySchema,
      }),
    );
    await expect(ensureTables(client, names)).rejects.toThrow(
      /lacks the index\(es\) byBucket, bySubject, byRequest, byActor.*--fresh/,
    );
    await db.stop();
  });

  it('keeps data across a restart when given a folder', async () => {
    const first = await startLocalDynamoDb({ path: dir });
    await ensureTables(clientFor(first.url), names);
    await DynamoDBDocumentClient.from(clientFor(first.url)).send(
      new PutCommand({ TableName: 'audit', Item: { chain: 'events', seq: 1, bucket: 'b' } }),
    );
    await first.stop();

    const second = await startLocalDynamoDb({ path: dir });
    const out = await DynamoDBDocumentClient.from(clientFor(second.url)).send(
      new GetCommand({ TableName: 'audit', Key: { chain: 'events', seq: 1 } }),
    );
    expect(out.Item).toEqual({ chain: 'events', seq: 1, bucket: 'b' });
    await second.stop();
  });
});
