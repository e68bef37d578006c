import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RefusalCount, RefusalTally } from '../../ports/refusal-tally.js';
import { REQUEST_INDEX } from './table-definitions.js';

/** The state the sparse byStateDue index lists open minutes under (no request has it). */
export const TALLY_STATE = 'REFUSAL_TALLY';

/**
 * Refusal counts in the requests table, one item per source and minute (`REFUSALS#<source>#<minute>`),
 * listed by the byStateDue index until recorded, `dueAt` being the minute's end.
 */
export class DynamoRefusalTally implements RefusalTally {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(source: string, minute: string, claimedUserId?: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { requestId: keyOf(source, minute) },
          UpdateExpression: `SET #state = if_not_exists(#state, :s), dueAt = :due, #source = :source, #minute = :minute${
            claimedUserId ? ', firstClaimed = if_not_exists(firstClaimed, :claimed)' : ''
          } ADD refused :one`,
          // Once recorded, a late add starts nothing: it is counted in the metric only.
          ConditionExpression: 'attribute_not_exists(recordedAt)',
          ExpressionAttributeNames: { '#state': 'state', '#source': 'source', '#minute': 'minute' },
          ExpressionAttributeValues: {
            ':s': TALLY_STATE,
            ':due': `${minute}:59.999Z`,
            ':source': source,
            ':minute': minute,
            ':one': 1,
            ...(claimedUserId ? { ':claimed': claimedUserId } : {}),
          },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async closed(now: string, limit: number): Promise<RefusalCount[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REQUEST_INDEX.byStateDue,
        KeyConditionExpression: '#state = :s AND dueAt < :now',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':s': TALLY_STATE, ':now': now },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      source: String(item.source),
      minute: String(item.minute),
      count: Number(item.refused ?? 0),
      ...(item.firstClaimed ? { firstClaimed: String(item.firstClaimed) } : {}),
    }));
  }

  async take(count: RefusalCount): Promise<boolean> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { requestId: keyOf(count.source, count.minute) },
          UpdateExpression: 'SET recordedAt = :now REMOVE #state, dueAt',
          ConditionExpression: '#state = :s',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':s': TALLY_STATE, ':now': new Date().toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      // The count as it stood when the minute was taken (an add may have landed after the listing).
      count.count = Number(out.Attributes?.refused ?? count.count);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function keyOf(source: string, minute: string): string {
  return `REFUSALS#${source}#${minute}`;
}
