import { startAmazonDynamoDbLocal } from '../../src/sandbox/dynamodb/amazon-dynamodb-local.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';

/** The two local DynamoDB implementations the DynamoDB suites run against. */
export type DynamoBackend = 'dynalite' | 'DynamoDB Local';

/**
 * dynalite always; Amazon's DynamoDB Local where `java` was found (vitest.config.ts looks, prints a line
 * when it is missing, and fails the run under CI=true instead).
 */
export const DYNAMO_BACKENDS: readonly DynamoBackend[] = process.env.BUCKET_KEY_TEST_JAVA
  ? ['dynalite', 'DynamoDB Local']
  : ['dynalite'];

export function startDynamoBackend(backend: DynamoBackend): Promise<LocalDynamoDb> {
  return backend === 'dynalite' ? startLocalDynamoDb() : startAmazonDynamoDbLocal();
}
