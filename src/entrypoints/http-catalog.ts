import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoBucketCatalog } from '../adapters/dynamodb/dynamo-bucket-catalog.js';
import type { Config } from '../config.js';
import type { BucketCatalog } from '../ports/bucket-catalog.js';

/** The picker answers from memory; a catalog read is reused this long. */
const CATALOG_CACHE_MS = 60_000;

/**
 * The http function's bucket catalog: one GetItem (the role may read that one item and nothing
 * else), cached. Its own bundle beside index.js (scripts/build.ts), loaded by the first picker or
 * form submission, so that the DynamoDB client is not loaded on a command's cold start.
 */
export function openHttpCatalog(config: Config): { read(): Promise<BucketCatalog | undefined> } {
  const dynamo = new DynamoDBClient({
    region: config.aws.region,
    requestHandler: { requestTimeout: 1500, connectionTimeout: 1000, throwOnRequestTimeout: true },
    maxAttempts: 2,
    ...(config.aws.dynamodbEndpoint ? { endpoint: config.aws.dynamodbEndpoint } : {}),
  });
  return new DynamoBucketCatalog(dynamo, config.tables.requests, { cacheMs: CATALOG_CACHE_MS });
}
