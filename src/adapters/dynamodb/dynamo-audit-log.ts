import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, NewAuditEvent } from '../../domain/audit-event.js';
import { InvalidCommandError } from '../../domain/errors.js';
import type { AuditLog, AuditPage, AuditQuery } from '../../ports/audit-log.js';
import type { Clock } from '../../ports/clock.js';
import { AUDIT_INDEX } from './table-definitions.js';

/** Append-only audit log: every write is conditional on the event not existing; nothing updates or deletes. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  async append(event: NewAuditEvent): Promise<AuditEvent> {
    const at = this.clock.now().toISOString();
    const full: AuditEvent = { eventId: `${at}#${randomBytes(6).toString('hex')}`, at, ...event };
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: full,
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
    return full;
  }

  async query(q: AuditQuery): Promise<AuditPage> {
    const [IndexName, attribute, value] = indexFor(q.subject);
    const since = q.since ? ' AND eventId >= :since' : '';
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName,
        KeyConditionExpression: `#k = :v${since}`,
        ExpressionAttributeNames: { '#k': attribute },
        ExpressionAttributeValues: { ':v': value, ...(q.since ? { ':since': q.since } : {}) },
        ScanIndexForward: false,
        Limit: q.pageSize,
        ...(q.cursor ? { ExclusiveStartKey: decodeCursor(q.cursor) } : {}),
      }),
    );
    const events = (out.Items ?? []) as AuditEvent[];
    return out.LastEvaluatedKey ? { events, cursor: encodeCursor(out.LastEvaluatedKey) } : { events };
  }
}

function indexFor(subject: AuditQuery['subject']): [string, string, string] {
  switch (subject.kind) {
    case 'bucket':
      return [AUDIT_INDEX.byBucket, 'bucket', subject.bucket];
    case 'user':
      return [AUDIT_INDEX.bySubject, 'subjectUserId', subject.userId];
    case 'request':
      return [AUDIT_INDEX.byRequest, 'requestId', subject.requestId];
    case 'actor':
      return [AUDIT_INDEX.byActor, 'actorId', subject.userId];
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Cursors come back from Slack buttons: accept only the string-valued key we produced. */
function decodeCursor(cursor: string): Record<string, string> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && Object.values(key).every((v) => typeof v === 'string')) {
      return key as Record<string, string>;
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCommandError('That page of the audit log is no longer available; run the lookup again.');
}
