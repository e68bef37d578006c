import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { GENESIS_HASH, hashEvent, type PostedHead } from '../../domain/audit-chain.js';
import type { AuditEvent, NewAuditEvent } from '../../domain/audit-event.js';
import { AuditChainBusyError, InvalidCommandError } from '../../domain/errors.js';
import type { AuditLog, AuditPage, AuditQuery, AuditSelection } from '../../ports/audit-log.js';
import type { Clock } from '../../ports/clock.js';
import { AUDIT_INDEX, AUDIT_PARTITION } from './table-definitions.js';

/** Enough for 50 appends racing for one head (each round, one of them wins). */
const MAX_APPEND_ATTEMPTS = 100;

/**
 * Append-only audit log, one hash chain: each event is put at the next sequence number of the
 * `events` partition, conditional on that number being free. Two appends racing for the same
 * number: one wins, the other reads the new head and tries the next (optimistic concurrency).
 * Nothing updates or deletes an event.
 */
export class DynamoAuditLog implements AuditLog {
  /** The head this container last wrote or read; a stale one only costs a failed put and a re-read. */
  private knownHead: { seq: number; hash: string } | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  async append(event: NewAuditEvent): Promise<AuditEvent> {
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const head = this.knownHead ?? (await this.readHead());
      const at = this.clock.now().toISOString();
      const linked = {
        ...event,
        eventId: `${at}#${randomBytes(6).toString('hex')}`,
        at,
        seq: head ? Math.floor(head.seq) + 1 : 1,
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const full: AuditEvent = { ...linked, hash: hashEvent(linked) };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { chain: AUDIT_PARTITION.events, ...full },
            ConditionExpression: 'attribute_not_exists(seq)',
          }),
        );
        this.knownHead = { seq: full.seq, hash: full.hash };
        return full;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        this.knownHead = undefined;
        // Spread the losers out a little, so each round has fewer of them.
        await sleep(randomInt(0, Math.min(2 ** attempt, 50) + 1));
      }
    }
    throw new AuditChainBusyError(`no free sequence number after ${MAX_APPEND_ATTEMPTS} attempts`);
  }

  async head(): Promise<AuditEvent | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'chain = :c',
        ExpressionAttributeValues: { ':c': AUDIT_PARTITION.events },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    return item ? toEvent(item) : undefined;
  }

  private async readHead(): Promise<{ seq: number; hash: string } | undefined> {
    const head = await this.head();
    return head ? { seq: head.seq, hash: head.hash } : undefined;
  }

  chainNewestFirst(): AsyncIterable<AuditEvent[]> {
    return this.pages({
      TableName: this.table,
      KeyConditionExpression: 'chain = :c',
      ExpressionAttributeValues: { ':c': AUDIT_PARTITION.events },
      ScanIndexForward: false,
    });
  }

  exportPages(selection: AuditSelection, since?: string): AsyncIterable<AuditEvent[]> {
    if (selection.kind === 'all') {
      // The chain partition has no time key: read it in order and let DynamoDB drop older events.
      return this.pages({
        TableName: this.table,
        KeyConditionExpression: 'chain = :c',
        ExpressionAttributeValues: { ':c': AUDIT_PARTITION.events, ...(since ? { ':since': since } : {}) },
        ...(since ? { FilterExpression: '#at >= :since', ExpressionAttributeNames: { '#at': 'at' } } : {}),
        ScanIndexForward: true,
      });
    }
    const [IndexName, attribute, value] = indexFor(selection);
    return this.pages({
      TableName: this.table,
      IndexName,
      KeyConditionExpression: `#k = :v${since ? ' AND eventId >= :since' : ''}`,
      ExpressionAttributeNames: { '#k': attribute },
      ExpressionAttributeValues: { ':v': value, ...(since ? { ':since': since } : {}) },
      ScanIndexForward: true,
    });
  }

  async recordPostedHead(head: PostedHead): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          // One item per day: the day's number (20260501) is its sort key, so a second put fails.
          Item: {
            chain: AUDIT_PARTITION.postedHeads,
            seq: Number(head.day.replaceAll('-', '')),
            day: head.day,
            headSeq: head.seq,
            headHash: head.hash,
          },
          ConditionExpression: 'attribute_not_exists(seq)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async postedHeads(): Promise<PostedHead[]> {
    const heads: PostedHead[] = [];
    const query: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: 'chain = :c',
      ExpressionAttributeValues: { ':c': AUDIT_PARTITION.postedHeads },
    };
    for await (const items of this.rawPages(query)) {
      for (const item of items)
        heads.push({ day: String(item.day), seq: Number(item.headSeq), hash: String(item.headHash) });
    }
    return heads;
  }

  private async *pages(input: QueryCommandInput): AsyncIterable<AuditEvent[]> {
    for await (const items of this.rawPages(input)) yield items.map(toEvent);
  }

  private async *rawPages(input: QueryCommandInput): AsyncIterable<Record<string, unknown>[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      yield out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start);
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
    const events = (out.Items ?? []).map(toEvent);
    return out.LastEvaluatedKey ? { events, cursor: encodeCursor(out.LastEvaluatedKey) } : { events };
  }
}

/** The stored item without its partition name: exactly the fields the hash covers. */
function toEvent(item: Record<string, unknown>): AuditEvent {
  const { chain: _partition, ...event } = item;
  return event as unknown as AuditEvent;
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

/** Cursors come back from Slack buttons: accept only a key of strings and numbers (`seq`), as we produced. */
function decodeCursor(cursor: string): Record<string, string | number> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      key &&
      typeof key === 'object' &&
      Object.values(key).every((v) => typeof v === 'string' || Number.isFinite(v))
    ) {
      return key as Record<string, string | number>;
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCommandError('That page of the audit log is no longer available; run the lookup again.');
}
