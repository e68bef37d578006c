import type { CheckpointSummary } from '../../domain/audit-checkpoint.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { record } from './audit-record.js';
import { evidenceOf, refusalsOf } from './evidence.js';

/**
 * What each sweep does for the audit evidence, each step on its own so one failing does not stop the
 * next: drain the outbox onto the chain, then ask for the hourly checkpoint (the writer signs only
 * when the newest is an hour old). Returns the newest signed checkpoint, for the daily post.
 */
export async function sweepAuditEvidence(deps: ServiceDependencies): Promise<CheckpointSummary | undefined> {
  try {
    const drained = await deps.audit.drainOutbox();
    if (drained.appended || drained.left) deps.logger.info('audit outbox drained', { ...drained });
  } catch (error) {
    deps.logger.error('could not drain the audit outbox', { error: describeError(error) });
  }
  try {
    await recordRefusals(deps);
  } catch (error) {
    deps.logger.error('could not record the tallied refusals', { error: describeError(error) });
  }
  const evidence = evidenceOf(deps);
  if (!evidence) return undefined;
  const result = await evidence.checkpoints.write({ trigger: 'hourly' });
  if (result.kind === 'signed') return result.checkpoint;
  if (result.kind === 'not_due') return result.latest;
  deps.logger.error('hourly checkpoint not signed', {
    result: result.kind,
    reason: 'reason' in result ? result.reason : result.problem,
  });
  return undefined;
}

/** Each closed minute of tallied forged-job refusals becomes one `forged_job_refused` event with its count. */
async function recordRefusals(deps: ServiceDependencies): Promise<void> {
  const tally = refusalsOf(deps);
  if (!tally) return;
  for (const minute of await tally.closed(deps.clock.now().toISOString(), 100)) {
    if (!(await tally.take(minute))) continue;
    const claimed = minute.firstClaimed ?? 'nobody';
    await record(deps, {
      type: 'forged_job_refused',
      outcome: 'refused',
      actorId: SYSTEM_ACTOR,
      ...(minute.firstClaimed ? { subjectUserId: minute.firstClaimed } : {}),
      detail: `${minute.count} refused in the minute ${minute.minute} UTC: ${minute.source}; the first claimed to be ${claimed} (unverified)`,
    });
  }
}
