import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditOutbox, OutboxClaim, PendingAuditEvent } from '../../ports/audit-outbox.js';
import { REQUEST_INDEX } from './table-definitions.js';

/** The state the sparse byStateDue index lists pending events under (no request has it). */
export const OUTBOX_STATE = 'AUDIT_OUTBOX';

/**
 * The audit outbox in the requests table, one item per event (`AUDIT#<eventId>`), listed while
 * pending by the byStateDue index (`state` = AUDIT_OUTBOX, `dueAt` = next attempt). It lives outside
 * the audit table, so an audit table that refuses every put still leaves the event somewhere safe.
 */
export class DynamoAuditOutbox implements AuditOutbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(pending: PendingAuditEvent): Promise<void> {
    await this.db
      .send(
        new PutCommand({
          TableName: this.table,
          Item: {
            requestId: keyOf(pending.recorded.eventId),
            state: OUTBOX_STATE,
            dueAt: pending.recorded.at,
            pending: JSON.stringify(pending),
            attempts: pending.attempts,
          },
          // Handed over once: a second put of the same event changes nothing.
          ConditionExpression: 'attribute_not_exists(requestId)',
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async due(now: string, limit: number): Promise<PendingAuditEvent[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REQUEST_INDEX.byStateDue,
        KeyConditionExpression: '#state = :s AND dueAt <= :now',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':s': OUTBOX_STATE, ':now': now },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      ...(JSON.parse(String(item.pending)) as PendingAuditEvent),
      attempts: Number(item.attempts ?? 0),
    }));
  }

  async claim(
    eventId: string,
    claim: Omit<OutboxClaim, 'previousHeadSeq'>,
    now: string,
  ): Promise<OutboxClaim | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { requestId: keyOf(eventId) },
          UpdateExpression: 'SET claimToken = :t, claimUntil = :u, claimHead = :h ADD attempts :one',
          ConditionExpression: '#state = :s AND (attribute_not_exists(claimUntil) OR claimUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':t': claim.token,
            ':u': claim.until,
            ':h': claim.headSeq,
            ':s': OUTBOX_STATE,
            ':now': now,
            ':one': 1,
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previous = out.Attributes?.claimHead;
      return { ...claim, ...(typeof previous === 'number' ? { previousHeadSeq: previous } : {}) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async done(eventId: string, token: string, seq: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { requestId: keyOf(eventId) },
        // Out of the index; the item stays as the record of a late append.
        UpdateExpression: 'SET appendedSeq = :seq REMOVE #state, dueAt, claimUntil',
        ConditionExpression: 'claimToken = :t',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':seq': seq, ':t': token },
      }),
    );
  }

  async release(eventId: string, token: string, retryAt: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { requestId: keyOf(eventId) },
        UpdateExpression: 'SET dueAt = :d REMOVE claimUntil',
        ConditionExpression: 'claimToken = :t',
        ExpressionAttributeValues: { ':d': retryAt, ':t': token },
      }),
    );
  }
}

function keyOf(eventId: string): string {
  return `AUDIT#${eventId}`;
}
