import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BreakGlassReviews } from '../../ports/break-glass-reviews.js';
import { conditionalWrite } from './conditional.js';
import { REQUEST_INDEX } from './table-definitions.js';

/** BreakGlassReviews on the requests table: one item per review, listed by the byStateDue index. */
export class DynamoBreakGlassReviews implements BreakGlassReviews {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async schedule(requestId: string, dueAt: string): Promise<void> {
    // Its own item, indexed only by byStateDue under a state no request has: the sweeper lists it.
    await conditionalWrite(
      () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { requestId: reviewId(requestId), state: REVIEW_DUE, dueAt, forRequest: requestId },
            ConditionExpression: 'attribute_not_exists(requestId)',
          }),
        ),
      async () => undefined,
      `schedule review of ${requestId}`,
    );
  }

  async due(now: string, limit: number): Promise<Array<{ requestId: string; dueAt: string }>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REQUEST_INDEX.byStateDue,
        KeyConditionExpression: '#state = :review AND dueAt <= :now',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':review': REVIEW_DUE, ':now': now },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      requestId: String(item.forRequest),
      dueAt: String(item.dueAt),
    }));
  }

  async take(requestId: string, from: string, next: string): Promise<void> {
    await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId: reviewId(requestId) },
            UpdateExpression: 'SET dueAt = :next',
            ConditionExpression: 'dueAt = :from',
            ExpressionAttributeValues: { ':from': from, ':next': next },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      () => this.current(requestId),
      `take review of ${requestId}`,
    );
  }

  async end(requestId: string): Promise<void> {
    // Dropping the indexed attributes takes it out of byStateDue for good (and needs no DeleteItem).
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { requestId: reviewId(requestId) },
          UpdateExpression: 'REMOVE #state, dueAt',
          ConditionExpression: 'attribute_exists(requestId)',
          ExpressionAttributeNames: { '#state': 'state' },
        }),
      )
      .catch((error: unknown) => {
        // Never filed (a request from before reviews were kept): there is nothing to end.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /** The review as it is now, read consistently: what a lost move reports. */
  private async current(requestId: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { requestId: reviewId(requestId) },
        ConsistentRead: true,
      }),
    );
    return out.Item;
  }
}

/** The byStateDue partition of break-glass reviews waiting to be re-posted. */
const REVIEW_DUE = 'REVIEW_DUE';

function reviewId(requestId: string): string {
  return `REVIEW#${requestId}`;
}
