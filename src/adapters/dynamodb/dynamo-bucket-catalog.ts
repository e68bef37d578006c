import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { BucketCatalog, BucketCatalogStore } from '../../ports/bucket-catalog.js';

/**
 * The catalog's one item in the requests table. It carries none of the indexed attributes, so no
 * listing returns it, and its key is the only one the http function's role may read
 * (`dynamodb:LeadingKeys` in serverless.yml).
 */
export const CATALOG_ITEM_KEY = 'CATALOG#buckets';

/**
 * The bucket catalog as one item, read with the low-level GetItem only (no document client), so the
 * http bundle stays small. A read is reused for `cacheMs`, so the picker answers from memory.
 */
export class DynamoBucketCatalog implements BucketCatalogStore {
  private cached: { at: number; value: Promise<BucketCatalog | undefined> } | undefined;

  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
    private readonly options: { cacheMs?: number; nowMs?: () => number } = {},
  ) {}

  async read(): Promise<BucketCatalog | undefined> {
    const now = (this.options.nowMs ?? Date.now)();
    const cacheMs = this.options.cacheMs ?? 0;
    if (this.cached && now - this.cached.at < cacheMs) return this.cached.value;
    const value = this.fetch();
    this.cached = { at: now, value };
    // A failed read is not remembered.
    value.catch(() => {
      if (this.cached?.value === value) this.cached = undefined;
    });
    return value;
  }

  private async fetch(): Promise<BucketCatalog | undefined> {
    const answer = await this.db.send(
      new GetItemCommand({ TableName: this.table, Key: { requestId: { S: CATALOG_ITEM_KEY } } }),
    );
    const text = answer.Item?.catalog?.S;
    if (!text) return undefined;
    const parsed = JSON.parse(text) as BucketCatalog;
    return Array.isArray(parsed.buckets) ? parsed : undefined;
  }

  async write(catalog: BucketCatalog): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            requestId: { S: CATALOG_ITEM_KEY },
            catalog: { S: JSON.stringify(catalog) },
            catalogUpdatedAt: { S: catalog.updatedAt },
          },
          // Two writers at once (a sweep and a worker): the older view never replaces the newer.
          ConditionExpression: 'attribute_not_exists(catalogUpdatedAt) OR catalogUpdatedAt <= :at',
          ExpressionAttributeValues: { ':at': { S: catalog.updatedAt } },
        }),
      );
      this.cached = undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
