import type { CheckpointSummary } from '../../domain/audit-checkpoint.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { evidenceOf } from './evidence.js';

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
