import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SignedCheckpoint } from '../../domain/audit-checkpoint.js';
import type { CheckpointRecord, CheckpointRecords } from '../../ports/audit-checkpoints.js';
import { AUDIT_PARTITION } from './table-definitions.js';

/**
 * The checkpoint writer's records, in the audit table's `checkpoints` partition, keyed by checkpoint
 * number. They only say which number comes next and which signature it chains from: verification
 * never reads them (it reads the bucket), so a forged record can at worst break the next checkpoint's
 * chain, which the verifier reports.
 */
export class DynamoCheckpointRecords implements CheckpointRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async latest(): Promise<CheckpointRecord | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'chain = :c',
        ExpressionAttributeValues: { ':c': AUDIT_PARTITION.checkpoints },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    if (!item) return undefined;
    return {
      signed: JSON.parse(String(item.signed)) as SignedCheckpoint,
      key: String(item.objectKey),
      stored: item.stored === true,
    };
  }

  async claim(record: CheckpointRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: this.itemOf(record),
          ConditionExpression: 'attribute_not_exists(seq)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markStored(record: CheckpointRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: this.itemOf({ ...record, stored: true }),
        // The same checkpoint, only now stored: never another one under its number.
        ConditionExpression: 'signature = :s',
        ExpressionAttributeValues: { ':s': record.signed.signature },
      }),
    );
  }

  private itemOf(record: CheckpointRecord): Record<string, unknown> {
    return {
      chain: AUDIT_PARTITION.checkpoints,
      seq: record.signed.checkpoint.number,
      signature: record.signed.signature,
      signed: JSON.stringify(record.signed),
      objectKey: record.key,
      stored: record.stored,
    };
  }
}
