import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StateConflictError } from '../../domain/errors.js';
import type { BreakGlassLedger } from '../../ports/break-glass-ledger.js';

/** Rereads after a lost race before giving up: each loss means another use was just taken. */
const MAX_ATTEMPTS = 8;

/**
 * BreakGlassLedger on the requests table: one item per person and bucket holding the times of their
 * uses in the last window. A take reads it with a consistent read and writes it back on condition
 * that it is unchanged (compare and swap on a version number), so a rolling window needs no
 * transactions and a lost race re-counts from the table, never from a lagging index.
 */
export class DynamoBreakGlassLedger implements BreakGlassLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async take(
    userId: string,
    bucket: string,
    use: { at: string; windowMs: number; max: number },
  ): Promise<{ taken: boolean; used: number }> {
    const requestId = `BREAK-GLASS-USES#${userId}#${bucket}`;
    const since = new Date(Date.parse(use.at) - use.windowMs).toISOString();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const out = await this.db.send(
        new GetCommand({ TableName: this.table, Key: { requestId }, ConsistentRead: true }),
      );
      const version = typeof out.Item?.version === 'number' ? out.Item.version : 0;
      const recent = ((out.Item?.uses as string[] | undefined) ?? []).filter((at) => at > since);
      if (recent.length >= use.max) return { taken: false, used: recent.length };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { requestId, uses: [...recent, use.at], version: version + 1 },
            ConditionExpression: version === 0 ? 'attribute_not_exists(requestId)' : 'version = :seen',
            ...(version === 0 ? {} : { ExpressionAttributeValues: { ':seen': version } }),
          }),
        );
        return { taken: true, used: recent.length + 1 };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new StateConflictError(
      `break-glass uses of ${userId} on ${bucket}: too many concurrent takes`,
      undefined,
    );
  }
}
