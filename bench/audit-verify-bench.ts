import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../src/adapters/dynamodb/dynamo-audit-log.js';
import { ensureTables } from '../src/adapters/dynamodb/ensure-tables.js';
import { AUDIT_PARTITION } from '../src/adapters/dynamodb/table-definitions.js';
import { GENESIS_HASH, hashEvent } from '../src/domain/audit-chain.js';
import { checkpointBytes, nextCheckpoint, type SignedCheckpoint } from '../src/domain/audit-checkpoint.js';
import type { AuditEvent } from '../src/domain/audit-event.js';
import type { CheckpointArchive, CheckpointKey } from '../src/ports/audit-checkpoints.js';
import { systemClock } from '../src/ports/clock.js';
import { LocalCheckpointKey, MemoryCheckpointArchive } from '../src/sandbox/aws/local-evidence.js';
import { startLocalDynamoDb } from '../src/sandbox/dynamodb/local-dynamodb.js';
import type { AuditEvidence } from '../src/services/audit/evidence.js';
import { verifyAgainstCheckpoints } from '../src/services/audit/verify-audit.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface CheckpointedVerifyResult {
  events: number;
  checkpoints: number;
  /** Every event against every checkpoint, as `audit verify` does. */
  fullMs: number;
  /** From the newest checkpoint: the events since it only. */
  sinceLastMs: number;
  eventsSinceLast: number;
}

/**
 * `audit verify` over `count` chained events with a checkpoint every hour (an event every 3.6 s, so
 * 1,000 events an hour), on dynalite, checkpoints signed with a P-256 key in this process (as KMS
 * signs) and read from an in-memory bucket. Then verify from the newest checkpoint, which reads only
 * the 500 events appended since.
 */
export async function measureCheckpointedVerify(count = 100_000): Promise<CheckpointedVerifyResult> {
  const dynamo = await startLocalDynamoDb();
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamo.url,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTables(client, { requests: 'requests', audit: 'audit' });
    const key = new LocalCheckpointKey();
    const archive = new MemoryCheckpointArchive(400 * DAY);
    const base = Date.parse('2026-01-01T00:00:00Z');
    const events = chain(count, base);
    const checkpoints = await signHourly(events, base, key, archive);
    await seed(db, events);
    const audit = new DynamoAuditLog(db, 'audit', systemClock);
    const evidence: AuditEvidence = {
      checkpoints: { write: async () => ({ kind: 'failed', reason: 'not in the bench' }) },
      archive,
      key,
      retentionMs: 400 * DAY,
    };
    const full = await timed(() => verifyAgainstCheckpoints({ audit }, evidence));
    const last = events.at(-1) as AuditEvent;
    const recent = await timed(() => verifyAgainstCheckpoints({ audit }, evidence, last.at));
    for (const verdict of [full.value, recent.value])
      if (verdict.kind !== 'intact') throw new Error(`verify answered ${JSON.stringify(verdict)}`);
    return {
      events: count,
      checkpoints,
      fullMs: full.ms,
      sinceLastMs: recent.ms,
      eventsSinceLast: recent.value.checked,
    };
  } finally {
    db.destroy();
    await dynamo.stop();
  }
}

/** The benchmark table's row for this step. */
export function checkpointedVerifyRow(
  r: CheckpointedVerifyResult,
  round: (n: number) => number,
): [string, string, string] {
  return [
    `\`audit verify\` over ${r.events.toLocaleString('en')} events against ${r.checkpoints} hourly signed checkpoints`,
    `dynalite **${round(r.fullMs)} ms** (target < 10,000)`,
    `from the newest checkpoint (${r.eventsSinceLast} events since): ${round(r.sinceLastMs)} ms`,
  ];
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

function chain(count: number, base: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const at = new Date(base + seq * 3600).toISOString();
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
    events.push({ ...linked, hash });
    prevHash = hash;
  }
  return events;
}

/** A checkpoint at each whole hour, over the events before it; the last half hour stays unsigned. */
async function signHourly(
  events: AuditEvent[],
  base: number,
  key: CheckpointKey,
  archive: CheckpointArchive,
): Promise<number> {
  let previous: SignedCheckpoint | undefined;
  let n = 0;
  const end = Date.parse((events.at(-1) as AuditEvent).at);
  for (let hour = base + HOUR; hour <= end; hour += HOUR) {
    const to = new Date(hour).toISOString();
    const head = events.filter((e) => e.at <= to).at(-1);
    const checkpoint = nextCheckpoint(previous, head, { to, keyId: key.keyId, trigger: 'hourly' });
    const signature = Buffer.from(await key.sign(checkpointBytes(checkpoint))).toString('base64');
    previous = { checkpoint, signature };
    await archive.put(archive.keyOf(checkpoint), JSON.stringify(previous));
    n++;
  }
  return n;
}

async function seed(db: DynamoDBDocumentClient, events: AuditEvent[]): Promise<void> {
  const batches: AuditEvent[][] = [];
  for (let i = 0; i < events.length; i += 25) batches.push(events.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]?.map((e) => ({
        PutRequest: { Item: { chain: AUDIT_PARTITION.events, ...e } },
      }));
      while (pending && pending.length > 0) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { audit: pending } }));
        pending = out.UnprocessedItems?.audit as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

// `npx tsx bench/audit-verify-bench.ts [events]` runs this step alone.
if (process.argv[1]?.endsWith('audit-verify-bench.ts')) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  console.log(JSON.stringify(await measureCheckpointedVerify(Number(process.argv[2] ?? 100_000))));
}
