import { randomBytes } from 'node:crypto';
import {
  type CheckpointSummary,
  checkpointBytes,
  nextCheckpoint,
  type SignedCheckpoint,
  summaryOf,
} from '../../domain/audit-checkpoint.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { EvidenceWalk } from '../../domain/audit-verification.js';
import { METRIC } from '../../domain/metric-names.js';
import type {
  CheckpointArchive,
  CheckpointKey,
  CheckpointRecord,
  CheckpointRecords,
  CheckpointRequest,
  CheckpointResult,
} from '../../ports/audit-checkpoints.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import { describeError } from '../failures.js';

/** What the checkpoint writer uses: in production its own function, whose role alone may sign. */
export interface CheckpointerDependencies {
  audit: AuditLog;
  records: CheckpointRecords;
  key: CheckpointKey;
  archive: CheckpointArchive;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/** An hourly request within this long of the newest checkpoint has nothing to do (sweeps run every 5 minutes). */
export const HOURLY_DUE_MS = 55 * 60_000;

/**
 * Signs the next checkpoint: the chain's head, the range since the newest checkpoint and that
 * checkpoint's signature, with the KMS key (ECDSA_SHA_256 over the bytes, MessageType RAW), then
 * stores it in the Object Lock bucket and records `checkpoint_signed` on the chain. It first checks
 * the events since the newest checkpoint (links, hashes, and that they start from its signed head),
 * so it never signs over a chain rewritten since; that check costs in proportion to those events.
 */
export async function signCheckpoint(
  deps: CheckpointerDependencies,
  request: CheckpointRequest,
): Promise<CheckpointResult> {
  try {
    const latest = await storedLatest(deps);
    const now = deps.clock.now();
    if (
      request.trigger === 'hourly' &&
      latest &&
      now.getTime() - Date.parse(latest.signed.checkpoint.to) < HOURLY_DUE_MS
    )
      return { kind: 'not_due', latest: summaryOf(latest.signed, latest.key) };
    const walk = new EvidenceWalk(latest ? [{ key: latest.key, signed: latest.signed }] : [], {
      start: latest ? { afterCheckpoint: latest.signed.checkpoint.number } : 'genesis',
      expectHead: true,
      requireCovered: false,
    });
    for await (const page of deps.audit.chainOldestFirst(
      latest ? latest.signed.checkpoint.head.seq + 1 : undefined,
    ))
      for (const event of page) walk.add(event);
    const verdict = walk.finish();
    if (verdict.kind === 'broken') {
      deps.metrics.count(METRIC.checkpointFailures);
      deps.logger.error('checkpoint refused: the chain since the last checkpoint does not verify', {
        problem: verdict.first,
      });
      return { kind: 'refused', problem: verdict.first };
    }
    const checkpoint = nextCheckpoint(latest?.signed, verdict.head ?? latest?.signed.checkpoint.head, {
      to: now.toISOString(),
      keyId: deps.key.keyId,
      trigger: request.trigger,
      ...('userId' in request ? { requestedBy: request.userId } : {}),
    });
    const signature = Buffer.from(await deps.key.sign(checkpointBytes(checkpoint))).toString('base64');
    const record: CheckpointRecord = {
      signed: { checkpoint, signature },
      key: deps.archive.keyOf(checkpoint),
      stored: false,
    };
    if (!(await deps.records.claim(record)))
      return { kind: 'failed', reason: 'another checkpoint was signed at the same time' };
    await store(deps, record);
    const summary = summaryOf(record.signed, record.key);
    await recordSigned(deps, record.signed, summary, request);
    return { kind: 'signed', checkpoint: summary };
  } catch (error) {
    deps.metrics.count(METRIC.checkpointFailures);
    deps.logger.error('checkpoint failed', { error: describeError(error) });
    return { kind: 'failed', reason: String(describeError(error).name) };
  }
}

/** The newest record, its object stored first if a writer died between claiming it and storing it. */
async function storedLatest(deps: CheckpointerDependencies): Promise<CheckpointRecord | undefined> {
  const latest = await deps.records.latest();
  if (latest && !latest.stored) await store(deps, latest);
  return latest;
}

async function store(deps: CheckpointerDependencies, record: CheckpointRecord): Promise<void> {
  await deps.archive.put(record.key, `${JSON.stringify(record.signed, null, 2)}\n`);
  await deps.records.markStored(record);
}

async function recordSigned(
  deps: CheckpointerDependencies,
  signed: SignedCheckpoint,
  summary: CheckpointSummary,
  request: CheckpointRequest,
): Promise<void> {
  const c = signed.checkpoint;
  const range = c.eventCount
    ? `seq ${c.firstSeq}–${c.head.seq} (${c.eventCount} events)`
    : `no new events (head seq ${c.head.seq})`;
  try {
    await deps.audit.handOver({
      type: 'checkpoint_signed',
      outcome: 'ok',
      actorId: 'userId' in request ? request.userId : SYSTEM_ACTOR,
      detail: `checkpoint #${c.number} ${summary.key}: ${range}, head ${c.head.hash.slice(0, 16)}…, ${c.trigger}`,
    });
  } catch (error) {
    // The checkpoint is stored and signed; only its record on the chain is missing, and the next
    // checkpoint still covers the chain. Logged loudly, as every lost event is.
    deps.metrics.count(METRIC.auditEventsLost);
    deps.logger.error('audit append failed', {
      event: 'checkpoint_signed',
      error: describeError(error),
      ref: randomBytes(4).toString('hex'),
    });
  }
}
