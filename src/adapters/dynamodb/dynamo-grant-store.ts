import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GrantConflictError } from '../../domain/errors.js';
import type { Grant, GrantState } from '../../domain/grant.js';
import type { GrantStore } from '../../ports/grant-store.js';
import { conditionalWrite } from './conditional.js';
import { REQUEST_INDEX } from './table-definitions.js';

/**
 * A live grant sits in the byStateDue index under this state, sorted by its expiry (a grant with no
 * expiry sorts last), so the sweeper lists live grants with one Query. Revoking drops it from the index.
 */
const LIVE = 'GRANT_LIVE';
/** A revoked grant waits here, by when it was revoked, until every key of it is confirmed gone. */
const REVOKING = 'GRANT_REVOKING';
const NO_EXPIRY = '9999-12-31T23:59:59.999Z';

/** GrantStore on the requests table: one item per grant, keyed `GRANT#<grantId>`. */
export class DynamoGrantStore implements GrantStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(grantId: string): Promise<Grant | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { requestId: keyOf(grantId) }, ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async open(grant: Grant): Promise<Grant> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(grant),
          ConditionExpression: 'attribute_not_exists(requestId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return grant;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(grant.grantId);
      if (!current) throw error;
      return current;
    }
  }

  attach(grantId: string, requestId: string, at: string): Promise<Grant> {
    return this.update(grantId, {
      expression: 'SET requestIds = list_append(requestIds, :mine)',
      condition: 'grantState = :active AND dueAt > :at AND NOT contains(requestIds, :id)',
      values: { ':active': 'ACTIVE', ':at': at, ':mine': [requestId], ':id': requestId },
    });
  }

  async revoke(grantId: string, by: { userId: string; at: string }): Promise<Grant> {
    try {
      return await this.update(grantId, {
        expression:
          'SET grantState = :revoked, revokedBy = :by, revokedAt = :at, #state = :revoking, dueAt = :at',
        condition: 'grantState = :active',
        values: {
          ':active': 'ACTIVE',
          ':revoked': 'REVOKED',
          ':revoking': REVOKING,
          ':by': by.userId,
          ':at': by.at,
        },
        names: { '#state': 'state' },
      });
    } catch (error) {
      if (error instanceof GrantConflictError && error.current?.state === 'REVOKED') return error.current;
      throw error;
    }
  }

  async finishRevocation(grantId: string): Promise<void> {
    await this.update(grantId, {
      expression: 'REMOVE #state, dueAt',
      condition: 'grantState = :revoked',
      values: { ':revoked': 'REVOKED' },
      names: { '#state': 'state' },
    }).catch((error: unknown) => {
      if (!(error instanceof GrantConflictError)) throw error;
    });
  }

  async unfinishedRevocations(limit: number): Promise<Grant[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REQUEST_INDEX.byStateDue,
        KeyConditionExpression: '#state = :revoking',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':revoking': REVOKING },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(fromItem);
  }

  markReviewed(grantId: string, review: { by: string; at: string; revoked: boolean }): Promise<Grant> {
    return this.update(grantId, {
      expression: 'SET reviewedBy = :by, reviewedAt = :at, reviewRevoked = :revoked',
      condition: 'breakGlass = :yes AND attribute_not_exists(reviewedAt)',
      values: { ':yes': true, ':by': review.by, ':at': review.at, ':revoked': review.revoked },
    });
  }

  async live(now: string): Promise<Grant[]> {
    const found: Grant[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: REQUEST_INDEX.byStateDue,
          KeyConditionExpression: '#state = :live AND dueAt > :now',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':live': LIVE, ':now': now },
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      found.push(...(out.Items ?? []).map(fromItem));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    // The index lags the table a moment: a grant revoked just now may still be listed.
    return found.filter((grant) => grant.state === 'ACTIVE');
  }

  async noteDelisted(grantId: string, at: string): Promise<void> {
    await this.update(grantId, {
      expression: 'SET delistNoticedAt = :at',
      condition: 'grantState = :active AND attribute_not_exists(delistNoticedAt)',
      values: { ':active': 'ACTIVE', ':at': at },
    });
  }

  async forgetDelisted(grantId: string, at: string): Promise<void> {
    await this.update(grantId, {
      expression: 'REMOVE delistNoticedAt',
      condition: 'delistNoticedAt = :at',
      values: { ':at': at },
    }).catch((error: unknown) => {
      if (!(error instanceof GrantConflictError)) throw error;
    });
  }

  private async update(
    grantId: string,
    change: {
      expression: string;
      condition: string;
      values: Record<string, unknown>;
      names?: Record<string, string>;
    },
  ): Promise<Grant> {
    const out = await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId: keyOf(grantId) },
            UpdateExpression: change.expression,
            ConditionExpression: `attribute_exists(requestId) AND ${change.condition}`,
            ExpressionAttributeValues: change.values,
            ...(change.names ? { ExpressionAttributeNames: change.names } : {}),
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      () => this.get(grantId),
      `update grant ${grantId}`,
      fromItem,
      GrantConflictError,
    );
    return fromItem(out.Attributes ?? {});
  }
}

function keyOf(grantId: string): string {
  return `GRANT#${grantId}`;
}

function toItem(grant: Grant): Record<string, unknown> {
  const { state, ...rest } = grant;
  return {
    ...rest,
    requestId: keyOf(grant.grantId),
    grantState: state,
    ...(state === 'ACTIVE' ? { state: LIVE, dueAt: grant.expiresAt ?? NO_EXPIRY } : {}),
  };
}

function fromItem(item: Record<string, unknown>): Grant {
  const { requestId: _key, state: _indexed, dueAt: _due, grantState, ...grant } = item;
  return { ...grant, state: grantState as GrantState } as unknown as Grant;
}
