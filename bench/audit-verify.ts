import { execFileSync } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../src/adapters/dynamodb/dynamo-audit-log.js';
import { ensureTables } from '../src/adapters/dynamodb/ensure-tables.js';
import { AUDIT_PARTITION } from '../src/adapters/dynamodb/table-definitions.js';
import { ChainWalk, GENESIS_HASH, hashEvent } from '../src/domain/audit-chain.js';
import type { AuditEvent } from '../src/domain/audit-event.js';
import { systemClock } from '../src/ports/clock.js';
import { startAmazonDynamoDbLocal } from '../src/sandbox/dynamodb/amazon-dynamodb-local.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../src/sandbox/dynamodb/local-dynamodb.js';

export interface AuditVerifyResult {
  events: number;
  /** Walking and checking the whole chain, as `audit verify` does; null where the backend is missing. */
  dynaliteMs: number;
  dynamoDbLocalMs: number | null;
}

/**
 * `audit verify` over a chain of `events` events: seeded with BatchWriteItem (a realistic event,
 * ~450 bytes), then timed from the first Query page to the verdict, through the same adapter and
 * ChainWalk the worker uses. The worker's timeout is 60 s.
 */
export async function measureAuditVerify(events = 100_000): Promise<AuditVerifyResult> {
  const dynaliteMs = await onBackend(await startLocalDynamoDb(), events);
  const dynamoDbLocalMs = hasJava() ? await onBackend(await startAmazonDynamoDbLocal(), events) : null;
  return { events, dynaliteMs, dynamoDbLocalMs };
}

async function onBackend(dynamo: LocalDynamoDb, count: number): Promise<number> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamo.url,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTables(client, { requests: 'requests', audit: 'audit' });
    await seed(db, count);
    const log = new DynamoAuditLog(db, 'audit', systemClock);
    const started = performance.now();
    const walk = new ChainWalk(await log.postedHeads());
    for await (const page of log.chainNewestFirst()) for (const event of page) walk.add(event);
    const verdict = walk.finish(true);
    const ms = performance.now() - started;
    if (verdict.kind !== 'intact' || verdict.checked !== count)
      throw new Error(`verify answered ${JSON.stringify(verdict)}`);
    return ms;
  } finally {
    db.destroy();
    await dynamo.stop();
  }
}

async function seed(db: DynamoDBDocumentClient, count: number): Promise<void> {
  const items: Array<Record<string, unknown>> = [];
  let prevHash = GENESIS_HASH;
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let seq = 1; seq <= count; seq++) {
    const at = new Date(base + seq * 1000).toISOString();
    const linked: Omit<AuditEvent, 'hash'> = {
      seq,
      prevHash,
      eventId: `${at}#${seq.toString(16).padStart(12, '0')}`,
      at,
      type: 'key_issued',
      outcome: 'ok',
      actorId: 'UREQUESTER',
      subjectUserId: 'UREQUESTER',
      bucket: `bucket-${seq % 50}`,
      region: 'eu-west-1',
      requestId: `REQ-7F3A9C21-${seq}`,
      accessKeyId: `AKIA${String(seq).padStart(16, '0')}`,
      detail: 'approved by UAPPROVER1',
    };
    const hash = hashEvent(linked);
    items.push({ chain: AUDIT_PARTITION.events, ...linked, hash });
    prevHash = hash;
  }
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]?.map((Item) => ({ PutRequest: { Item } }));
      while (pending && pending.length > 0) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { audit: pending } }));
        pending = out.UnprocessedItems?.audit as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function hasJava(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// `npx tsx bench/audit-verify.ts [events]` runs this step alone.
if (process.argv[1]?.endsWith('audit-verify.ts')) {
  const result = await measureAuditVerify(Number(process.argv[2] ?? 100_000));
  console.log(JSON.stringify(result));
}
