import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { ConfigError } from '../../domain/errors.js';
import { tableDefinitions } from './table-definitions.js';

/** Creates any missing table from the shared definitions (local runs only; production uses CloudFormation). */
export async function ensureTables(
  client: DynamoDBClient,
  names: { requests: string; audit: string },
): Promise<void> {
  for (const [TableName, definition] of Object.entries(tableDefinitions(names))) {
    try {
      await client.send(new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', ...definition }));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName });
    await expectIndexes(
      client,
      TableName,
      definition.GlobalSecondaryIndexes.map((index) => index.IndexName),
    );
  }
}

/** A table kept from an older version (say in .data/) may lack an index the code now queries. */
async function expectIndexes(client: DynamoDBClient, TableName: string, wanted: string[]): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = wanted.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new ConfigError(
      `Table ${TableName} lacks the index(es) ${missing.join(', ')}; locally, start afresh with npm start -- --fresh`,
    );
  }
}
