import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
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
  }
}
