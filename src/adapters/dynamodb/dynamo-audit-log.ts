import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { GENESIS_HASH, hashEvent, type PostedHead } from '../../domain/audit-chain.js';
import type { AuditEvent, NewAuditEvent } from '../../domain/audit-event.js';
import { AuditChainBusyError, InvalidCommandError } from '../../domain/errors.js';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditSelection,
  DrainReport,
  HandOver,
  RecordedAt,
} from '../../ports/audit-log.js';
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
  private appending: Promise<unknown> = Promise.resolve();
  private knownHead: { seq: number; hash: string } | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly chainReads: ChainReads = CHAIN_READS,
  ) {}

  /**
   * Appends from this process wait their turn: they would only race each other for the same next
   * seq (a worker container runs one job at a time, but `npm run serve` runs many). Only appends from
   * other processes can still collide, and the conditional put settles those.
   */
  append(event: NewAuditEvent, recorded?: RecordedAt): Promise<AuditEvent> {
    const turn = this.appending.then(() => this.appendNow(event, recorded));
    this.appending = turn.catch(() => undefined);
    return turn;
  }

  /** No outbox here: the event is on the chain, or the call throws (see services/audit/outbox-audit-log.ts). */
  async handOver(event: NewAuditEvent): Promise<HandOver> {
    return { kind: 'appended', event: await this.append(event) };
  }

  async drainOutbox(): Promise<DrainReport> {
    return { appended: 0, left: 0 };
  }

  private async appendNow(event: NewAuditEvent, recorded?: RecordedAt): Promise<AuditEvent> {
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const head = this.knownHead ?? (await this.readHead());
      const at = recorded?.at ?? this.clock.now().toISOString();
      const linked = {
        ...event,
        eventId: recorded?.eventId ?? `${at}#${randomBytes(6).toString('hex')}`,
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

  /**
   * The chain newest first, in the order one descending Query would give, but read as ranges of
   * sequence numbers, a few Queries at a time (CHAIN_READS): one Query after another took 94 s for
   * 100,000 events on DynamoDB Local, over the worker's 60 s. The ranges meet without a gap (each
   * is `lo <= seq < hi`, the first open above, the last open below), so an event at any sequence
   * number, whole or not, is read exactly once and in order: the walk sees what it saw before.
   */
  async *chainNewestFirst(): AsyncIterable<AuditEvent[]> {
    const head = await this.head();
    if (!head) return;
    const { rangeSize, readAhead, maxRanges } = this.chainReads;
    // A forged head far above the chain (seq 10^9) must not turn into millions of empty Queries.
    const ranges = chainRanges(head.seq, Math.max(rangeSize, Math.ceil(head.seq / maxRanges)));
    const reads: Array<Promise<AuditEvent[]> | undefined> = [];
    const startNext = () => {
      const range = ranges[reads.length];
      if (!range) return;
      const read = this.readRange(range);
      // A caller that stops early (--since) leaves reads running: their failures are nobody's.
      read.catch(() => undefined);
      reads.push(read);
    };
    for (let i = 0; i < readAhead; i++) startNext();
    for (let i = 0; i < ranges.length; i++) {
      const events = (await reads[i]) ?? [];
      reads[i] = undefined;
      startNext();
      yield events;
    }
  }

  /**
   * The chain oldest first, as ranges of sequence numbers read a few at a time, like
   * `chainNewestFirst`: the first open below (or from `fromSeq`), the last open above, so an event at
   * any sequence number in between, whole or not, is read exactly once and in order.
   */
  async *chainOldestFirst(fromSeq?: number): AsyncIterable<AuditEvent[]> {
    const head = await this.head();
    if (!head) return;
    const { rangeSize, readAhead, maxRanges } = this.chainReads;
    const start = fromSeq ?? 1;
    const span = Math.max(1, Math.floor(head.seq) - start + 1);
    const ranges = ascendingRanges(
      start,
      fromSeq !== undefined,
      span,
      Math.max(rangeSize, Math.ceil(span / maxRanges)),
    );
    const reads: Array<Promise<AuditEvent[]> | undefined> = [];
    const startNext = () => {
      const range = ranges[reads.length];
      if (!range) return;
      const read = this.readRange(range).then((events) => events.reverse());
      read.catch(() => undefined);
      reads.push(read);
    };
    for (let i = 0; i < readAhead; i++) startNext();
    for (let i = 0; i < ranges.length; i++) {
      const events = (await reads[i]) ?? [];
      reads[i] = undefined;
      startNext();
      yield events;
    }
  }

  /** One range of the chain, newest first, every page of it. */
  private async readRange({ lo, hi }: ChainRange): Promise<AuditEvent[]> {
    const values: Record<string, unknown> = { ':c': AUDIT_PARTITION.events };
    let condition = 'chain = :c';
    if (lo !== undefined && hi !== undefined) {
      // BETWEEN is inclusive and a key condition takes one comparison: the event at `hi` is dropped below.
      condition += ' AND seq BETWEEN :lo AND :hi';
      Object.assign(values, { ':lo': lo, ':hi': hi });
    } else if (lo !== undefined) {
      condition += ' AND seq >= :lo';
      values[':lo'] = lo;
    } else if (hi !== undefined) {
      condition += ' AND seq < :hi';
      values[':hi'] = hi;
    }
    const events: AuditEvent[] = [];
    const input = {
      TableName: this.table,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    };
    for await (const page of this.pages(input)) {
      for (const event of page) if (hi === undefined || event.seq < hi) events.push(event);
    }
    return events;
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
      ...ON_CHAIN_PARTITION,
      ExpressionAttributeNames: { '#k': attribute, ...ON_CHAIN_PARTITION.ExpressionAttributeNames },
      ExpressionAttributeValues: {
        ':v': value,
        ...(since ? { ':since': since } : {}),
        ...ON_CHAIN_PARTITION.ExpressionAttributeValues,
      },
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

  async eventsAt(seqs: readonly number[]): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for (let i = 0; i < seqs.length; i += BATCH_GET_MAX) {
      let keys: Array<Record<string, unknown>> | undefined = seqs
        .slice(i, i + BATCH_GET_MAX)
        .map((seq) => ({ chain: AUDIT_PARTITION.events, seq }));
      for (let round = 1; keys && keys.length > 0; round++) {
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        events.push(...(out.Responses?.[this.table] ?? []).map(toEvent));
        keys = out.UnprocessedKeys?.[this.table]?.Keys;
        if (keys?.length) await sleep(Math.min(2 ** round * 10, 500));
      }
    }
    return events;
  }

  async query(q: AuditQuery): Promise<AuditPage> {
    const [IndexName, attribute, value] = indexFor(q.subject);
    const since = q.since ? ' AND eventId >= :since' : '';
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName,
        KeyConditionExpression: `#k = :v${since}`,
        ...ON_CHAIN_PARTITION,
        ExpressionAttributeNames: { '#k': attribute, ...ON_CHAIN_PARTITION.ExpressionAttributeNames },
        ExpressionAttributeValues: {
          ':v': value,
          ...(q.since ? { ':since': q.since } : {}),
          ...ON_CHAIN_PARTITION.ExpressionAttributeValues,
        },
        ScanIndexForward: false,
        Limit: q.pageSize,
        ...(q.cursor ? { ExclusiveStartKey: decodeCursor(q.cursor) } : {}),
      }),
    );
    const events = (out.Items ?? []).map(toEvent);
    return out.LastEvaluatedKey ? { events, cursor: encodeCursor(out.LastEvaluatedKey) } : { events };
  }
}

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_MAX = 100;

/**
 * An index holds items of any partition that carry its key attributes: only the chain's partition is
 * read back (an item put beside the chain is never returned as an event).
 */
const ON_CHAIN_PARTITION = {
  FilterExpression: '#partition = :chainPartition',
  ExpressionAttributeNames: { '#partition': 'chain' },
  ExpressionAttributeValues: { ':chainPartition': AUDIT_PARTITION.events },
};

/** How `chainNewestFirst` reads the chain; tests shrink the ranges to cross many boundaries. */
export interface ChainReads {
  /** Sequence numbers per range Query. */
  rangeSize: number;
  /** Range Queries in flight at once. */
  readAhead: number;
  /** At most this many ranges: past that, they grow instead. */
  maxRanges: number;
}

/** ~1 MB of events (at ~450 bytes each) per range, 6 at once; ranges grow past 2,000,000 events. */
export const CHAIN_READS: ChainReads = { rangeSize: 2000, readAhead: 6, maxRanges: 1000 };

/** `lo <= seq < hi`; no `lo`: everything below `hi`; no `hi`: everything from `lo` up. */
export interface ChainRange {
  lo?: number;
  hi?: number;
}

/**
 * Ranges covering every number, newest first: the first from `head - size + 1` up (events appended
 * since the head was read included), each next one below the last, and the final one open below
 * (so an event with a sequence number under 1 is still read, and named).
 */
export function chainRanges(head: number, size: number): ChainRange[] {
  const ranges: ChainRange[] = [];
  let hi: number | undefined;
  for (let lo = Math.floor(head) - size + 1; lo > 1; lo -= size) {
    ranges.push(hi === undefined ? { lo } : { lo, hi });
    hi = lo;
  }
  ranges.push(hi === undefined ? {} : { hi });
  return ranges;
}

/**
 * Ranges oldest first covering `start`..`start + span - 1` and everything above; the first is open
 * below unless `fromStart` (then it begins at `start`).
 */
export function ascendingRanges(start: number, fromStart: boolean, span: number, size: number): ChainRange[] {
  const ranges: ChainRange[] = [];
  let lo: number | undefined = fromStart ? start : undefined;
  for (let hi = start + size; hi <= start + span - 1; hi += size) {
    ranges.push(lo === undefined ? { hi } : { lo, hi });
    lo = hi;
  }
  ranges.push(lo === undefined ? {} : { lo });
  return ranges;
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
