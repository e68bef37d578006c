import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../src/adapters/dynamodb/dynamo-audit-log.js';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables.js';
import { ChainWalk, GENESIS_HASH, hashEvent } from '../../src/domain/audit-chain.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { CSV_COLUMNS } from '../../src/domain/audit-export.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { DYNAMO_BACKENDS, startDynamoBackend } from '../support/dynamo-backends.js';
import {
  APPROVAL_CHANNEL,
  AUDITOR,
  type Harness,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

describe.each(DYNAMO_BACKENDS)('the audit chain under concurrency, on %s', (backend) => {
  let dynamo: LocalDynamoDb;
  let db: DynamoDBDocumentClient;
  beforeAll(async () => {
    dynamo = await startDynamoBackend(backend);
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.url,
      credentials: { accessKeyId: 'chain', secretAccessKey: 'chain' },
    });
    db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await ensureTables(client, { requests: 'requests', audit: 'audit' });
  });
  afterAll(async () => {
    db?.destroy();
    await dynamo?.stop();
  });

  it('50 concurrent appends from 50 containers leave one unbroken chain', async () => {
    const clock = new ManualClock(Date.parse('2026-11-01T10:00:00Z'));
    // Each writer has its own idea of the head, as 50 Lambda containers would.
    const writers = Array.from({ length: 50 }, () => new DynamoAuditLog(db, 'audit', clock));
    const appended = await Promise.all(
      writers.map((log, i) =>
        log.append({ type: 'request_created', outcome: 'ok', actorId: 'UREQUESTER', detail: `racer ${i}` }),
      ),
    );
    const reader = writers[0] as DynamoAuditLog;
    const stored: AuditEvent[] = [];
    for await (const page of reader.chainNewestFirst()) stored.push(...page);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    expect(new Set(appended.map((e) => e.seq)).size).toBe(50);
    expect(stored.map((e) => e.detail).sort()).toEqual(appended.map((e) => e.detail).sort());
    const oldestFirst = [...stored].reverse();
    oldestFirst.forEach((event, i) => {
      expect(event.prevHash).toBe(i === 0 ? GENESIS_HASH : oldestFirst[i - 1]?.hash);
      expect(hashEvent(event)).toBe(event.hash);
    });
    const walk = new ChainWalk([]);
    for (const event of stored) walk.add(event);
    expect(walk.finish(true)).toMatchObject({ kind: 'intact', checked: 50 });
  });

  it('takes 300 concurrent appends from one process without losing one (they queue, not race)', async () => {
    const table = 'audit-one-process';
    await ensureTables(db, { requests: 'requests-one-process', audit: table });
    const log = new DynamoAuditLog(db, table, new ManualClock(Date.parse('2026-11-03T10:00:00Z')));

    const appended = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        log.append({ type: 'request_created', outcome: 'ok', actorId: 'UREQUESTER', detail: `job ${i}` }),
      ),
    );

    expect(appended.map((event) => event.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    const walk = new ChainWalk([]);
    for await (const page of log.chainNewestFirst()) for (const event of page) walk.add(event);
    expect(walk.finish(true)).toMatchObject({ kind: 'intact', checked: 300 });
  });

  it('reads the chain in parallel ranges exactly as one descending Query would, tampered or not', async () => {
    const table = 'audit-ranges';
    await ensureTables(db, { requests: 'requests-ranges', audit: table });
    const writer = new DynamoAuditLog(db, table, new ManualClock(Date.parse('2026-11-02T10:00:00Z')));
    for (let i = 0; i < 25; i++)
      await writer.append({ type: 'key_revoked', outcome: 'ok', actorId: 'U1', detail: `${i}` });
    // Ranges of 4 from head 25: [22,∞) [18,22) [14,18) [10,14) [6,10) [2,6) (-∞,2), read 3 at a time.
    const ranged = new DynamoAuditLog(db, table, new ManualClock(), {
      rangeSize: 4,
      readAhead: 3,
      maxRanges: 100,
    });
    const oneQuery = async () => {
      const events: AuditEvent[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'chain = :c',
            ExpressionAttributeValues: { ':c': 'events' },
            ScanIndexForward: false,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const { chain: _c, ...event } of out.Items ?? []) events.push(event as unknown as AuditEvent);
        start = out.LastEvaluatedKey;
      } while (start);
      return events;
    };
    const readRanged = async () => {
      const events: AuditEvent[] = [];
      for await (const page of ranged.chainNewestFirst()) events.push(...page);
      return events;
    };
    const verdictOf = (events: AuditEvent[]) => {
      const walk = new ChainWalk([]);
      for (const event of events) walk.add(event);
      return walk.finish(true);
    };
    const expectSameAsOneQuery = async () => {
      const [reference, read] = await Promise.all([oneQuery(), readRanged()]);
      expect(read.map((e) => e.seq)).toEqual(reference.map((e) => e.seq));
      expect(read).toEqual(reference);
      expect(verdictOf(read)).toEqual(verdictOf(reference));
      return verdictOf(read);
    };
    const put = (seq: number, detail: string) =>
      db.send(
        new PutCommand({
          TableName: table,
          Item: {
            chain: 'events',
            seq,
            prevHash: 'x',
            hash: 'y',
            eventId: 'e',
            at: 'a',
            type: 'key_revoked',
            outcome: 'ok',
            actorId: 'U9',
            detail,
          },
        }),
      );
    const remove = (seq: number) =>
      db.send(new DeleteCommand({ TableName: table, Key: { chain: 'events', seq } }));

    expect(await expectSameAsOneQuery()).toMatchObject({ kind: 'intact', checked: 25 });
    // At and around range boundaries, below the first and above the head.
    for (const seq of [5.5, 6.5, 1.5, 0, -3, 25.5]) await put(seq, `inserted at ${seq}`);
    expect(await expectSameAsOneQuery()).toMatchObject({ kind: 'broken', first: { seq: -3 } });
    for (const seq of [5.5, 6.5, 1.5, 0, -3, 25.5]) await remove(seq);
    await remove(10); // the lowest event of a range
    await remove(14);
    expect(await expectSameAsOneQuery()).toMatchObject({
      kind: 'broken',
      first: { kind: 'missing', seq: 10 },
    });
    await put(6, 'edited at a boundary');
    expect(await expectSameAsOneQuery()).toMatchObject({ kind: 'broken', first: { kind: 'edited', seq: 6 } });
    await put(90, 'a forged head far above the chain');
    expect(await expectSameAsOneQuery()).toMatchObject({ kind: 'broken' });
  });
});

describe('audit verify and export', () => {
  let h: Harness;
  let db: DynamoDBDocumentClient;
  const clock = new ManualClock(Date.parse('2026-11-01T09:00:00Z'));

  beforeAll(async () => {
    h = await startHarness({ LOG_LEVEL: 'ERROR' }, { clock });
    db = createDynamoClient(h.config);
    await run(REQUESTER, 'create media-assets chain test, "quoted", =1+1');
    await run(REQUESTER, 'create nightly-backups chain test');
    for (let i = 0; i < 6; i++)
      await h.bot.deps.audit.append({
        type: 'key_revoked',
        outcome: 'ok',
        actorId: 'UAPPROVER1',
        bucket: i % 2 ? 'media-assets' : 'nightly-backups',
        detail: `revoke ${i}`,
      });
  });
  afterAll(async () => {
    db?.destroy();
    await h.stop();
  });

  async function run(userId: string, text: string): Promise<string> {
    await h.command(userId, text);
    await h.settle();
    return textOf(h.lastAnswerTo(userId));
  }
  const verify = () => run(AUDITOR, 'audit verify');

  async function item(seq: number): Promise<Record<string, unknown>> {
    const out = await db.send(
      new QueryCommand({
        TableName: h.config.tables.audit,
        KeyConditionExpression: 'chain = :c AND seq = :s',
        ExpressionAttributeValues: { ':c': 'events', ':s': seq },
      }),
    );
    return out.Items?.[0] as Record<string, unknown>;
  }
  const put = (Item: Record<string, unknown>) =>
    db.send(new PutCommand({ TableName: h.config.tables.audit, Item }));
  /** A tampered item whose own hash is recomputed, as someone who read the docs would do. */
  function rehashed(item: Record<string, unknown>): Record<string, unknown> {
    const { hash: _hash, chain: _chain, ...fields } = item;
    return { ...fields, chain: 'events', hash: hashEvent(fields as unknown as AuditEvent) };
  }
  const remove = (seq: number) =>
    db.send(new DeleteCommand({ TableName: h.config.tables.audit, Key: { chain: 'events', seq } }));

  it('answers intact, with the count and the head', async () => {
    const head = await h.bot.deps.audit.head();
    const answer = await verify();
    expect(answer).toContain('intact');
    expect(answer).toContain(`head seq ${head?.seq}`);
    expect(answer).toContain(String(head?.hash));
  });

  it('names an event edited directly in DynamoDB', async () => {
    const original = await item(2);
    await put({ ...original, detail: 'nothing to see here' });
    expect(await verify()).toMatch(/broken\* at seq 2: \*edited\*: its fields no longer match its hash/);
    // Re-hashed too: its successor still commits to the original.
    await put(rehashed({ ...original, detail: 'nothing to see here' }));
    expect(await verify()).toMatch(/broken\* at seq 2: \*edited\*: it was changed and re-hashed/);
    await put(original);
    expect(await verify()).toContain('intact');
  });

  it('names an event deleted from DynamoDB', async () => {
    const original = await item(3);
    await remove(3);
    expect(await verify()).toMatch(/broken\* at seq 3: \*missing\*: the event was removed/);
    await put(original);
  });

  it('names an event inserted into DynamoDB', async () => {
    const before = await item(2);
    await put(rehashed({ ...before, seq: 2.5, detail: 'approved by nobody' }));
    expect(await verify()).toMatch(/broken\* at seq 2.5: \*inserted\*/);
    await remove(2.5);
    expect(await verify()).toContain('intact');
  });

  it('posts the head once a day, even with concurrent sweeps, and catches a rewrite that matches itself', async () => {
    const posts = () =>
      h.slack.messages.filter((m) => m.channel === APPROVAL_CHANNEL && m.text.includes('Audit log head'));
    const before = posts().length;
    const reports = await Promise.all([h.sweep(), h.sweep(), h.sweep()]);
    expect(reports.reduce((n, r) => n + r.chainHeadsPosted, 0)).toBe(1);
    expect(posts()).toHaveLength(before + 1);
    const head = await h.bot.deps.audit.head();
    expect(textOf(posts().at(-1))).toContain(String(head?.hash));
    // Someone with console access removes the newest event: the chain is still whole in itself.
    const newest = await item(Number(head?.seq));
    await remove(Number(head?.seq));
    const answer = await verify();
    expect(answer).toContain('does *not match* the head posted');
    expect(answer).toContain(`the log now ends at seq ${Number(head?.seq) - 1}`);
    await put(newest);
    expect(await verify()).toContain('intact');
  });

  it('refuses a non-auditor and records the refusal', async () => {
    expect(await run(REQUESTER, 'audit verify')).toContain('Only approvers and auditors');
    expect(await run(REQUESTER, 'audit export all')).toContain('Only approvers and auditors');
    const refused: AuditEvent[] = [];
    for await (const page of h.bot.deps.audit.chainNewestFirst()) refused.push(...page);
    expect(refused.filter((e) => e.type === 'refused_not_auditor').map((e) => e.detail)).toEqual([
      'audit export all',
      'audit verify',
    ]);
    expect(h.slack.uploads.files.size).toBe(0);
  });

  it('answers bad --since and --format with usage, and does nothing', async () => {
    const calls = h.slack.calls.length;
    expect(await run(AUDITOR, 'audit verify --since 900d')).toContain('goes back at most');
    expect(await run(AUDITOR, 'audit export all --format xml')).toContain('`--format` is `csv` or `jsonl`');
    expect(await run(AUDITOR, 'audit export --since 3d')).toContain('Usage: `audit export');
    expect(h.slack.calls.length).toBe(calls);
  });

  it('exports a bucket as CSV into the requester’s DM: fixed columns, each row the event as stored', async () => {
    const files = h.slack.uploads.files.size;
    expect(await run(AUDITOR, 'audit export media-assets')).toContain('Exported');
    const file = [...h.slack.uploads.files.values()].at(-1);
    expect(h.slack.uploads.files.size).toBe(files + 1);
    expect(file).toMatchObject({ channel: `D${AUDITOR.slice(1)}`, completed: true });
    const [header, ...rows] = String(file?.content).trimEnd().split('\r\n');
    expect(header).toBe(CSV_COLUMNS.map((column) => `"${column}"`).join(','));
    const stored = await db.send(
      new QueryCommand({
        TableName: h.config.tables.audit,
        IndexName: 'byBucket',
        KeyConditionExpression: '#b = :b',
        ExpressionAttributeNames: { '#b': 'bucket' },
        ExpressionAttributeValues: { ':b': 'media-assets' },
      }),
    );
    // Every event on the bucket before this export (whose own record comes after it), oldest first.
    const expected = (stored.Items ?? []).filter((i) => !String(i.type).startsWith('audit_export'));
    expect(rows).toHaveLength(expected.length);
    // Every cell is quoted: the first is the seq, then the hash and whether it still matches.
    expect(rows.map((r) => /,"([0-9a-f]{64})","intact"$/.exec(r)?.[1])).toEqual(expected.map((i) => i.hash));
    expect(rows.map((r) => /^"(\d+)",/.exec(r)?.[1])).toEqual(expected.map((i) => String(i.seq)));
    // A formula after a separator inside a reason is defused; quotes are escaped.
    expect(file?.content).toContain(`"chain test, ""quoted"", '=1+1"`);
  });

  it('exports everything as JSONL from which each hash recomputes, split into numbered parts', async () => {
    h.bot.deps.settings.exportPartBytes = 1500;
    const before = new Set(h.slack.uploads.files.keys());
    const answer = await run(AUDITOR, 'audit export all --format jsonl');
    h.bot.deps.settings.exportPartBytes = undefined;
    const parts = [...h.slack.uploads.files.values()].filter((f) => !before.has(f.id));
    expect(parts.length).toBeGreaterThan(1);
    expect(answer).toContain(`in ${parts.length} numbered parts`);
    expect(parts.map((p) => p.filename)).toEqual(
      parts.map((_, i) => expect.stringContaining(`-part-${i + 1}.jsonl`)),
    );
    for (const part of parts) expect(Buffer.byteLength(String(part.content))).toBeLessThanOrEqual(1500);
    const events = parts
      .flatMap((p) => String(p.content).trimEnd().split('\n'))
      .map((l) => JSON.parse(l) as AuditEvent);
    const stored: AuditEvent[] = [];
    for await (const page of h.bot.deps.audit.chainNewestFirst()) stored.push(...page);
    // The whole chain, oldest first, up to the export's own records: its start, each part, its end.
    const oldestFirst = stored.reverse();
    expect(events).toEqual(oldestFirst.slice(0, events.length));
    expect(oldestFirst.slice(events.length).map((e) => e.type)).toEqual([
      'audit_export_started',
      ...parts.map(() => 'audit_export_part'),
      'audit_exported',
    ]);
    for (const event of events) expect(hashEvent(event)).toBe(event.hash);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('records an export as it starts and each part as it leaves, so one cut short still shows', async () => {
    h.bot.deps.settings.exportPartBytes = 1500;
    const before = new Set(h.slack.uploads.files.keys());
    let reservations = 0;
    // Slack refuses the second part's upload, after the first part has reached the auditor's DM.
    h.slack.onCall = (method) => {
      if (method === 'files.getUploadURLExternal' && ++reservations === 2)
        h.slack.failNext(method, { error: 'file_upload_disabled' });
    };
    const answer = await run(AUDITOR, 'audit export all --format jsonl');
    h.slack.onCall = undefined;
    h.bot.deps.settings.exportPartBytes = undefined;

    expect(answer).toContain('Something went wrong');
    const delivered = [...h.slack.uploads.files.values()].filter((f) => !before.has(f.id) && f.completed);
    expect(delivered.map((f) => f.filename)).toEqual([expect.stringContaining('-part-1.jsonl')]);
    // The auditor's three newest records, in chain order (the manual clock gives them one time).
    const page = await h.bot.deps.audit.query({ subject: { kind: 'actor', userId: AUDITOR }, pageSize: 40 });
    const records = page.events.sort((a, b) => a.seq - b.seq).slice(-3);
    expect(records.map((e) => [e.type, e.outcome])).toEqual([
      ['audit_export_started', 'ok'],
      ['audit_export_part', 'ok'],
      ['audit_exported', 'failed'],
    ]);
    const [started, part, ended] = records;
    expect(started?.detail).toBe('all as jsonl');
    const lines = String(delivered[0]?.content).trimEnd().split('\n').length;
    expect(part?.detail).toBe(`all as jsonl: part 1 sent, ${lines} events`);
    expect(ended?.detail).toBe(`all as jsonl: ${lines} events in 1 file(s), then MessengerError`);
  });
});
