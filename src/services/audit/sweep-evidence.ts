import type { CheckpointSummary } from '../../domain/audit-checkpoint.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/**
 * What each sweep does for the audit evidence, each step on its own so one failing does not stop the
 * next: drain the outbox onto the chain. Returns the newest signed checkpoint, for the daily post.
 */
export async function sweepAuditEvidence(deps: ServiceDependencies): Promise<CheckpointSummary | undefined> {
  try {
    const drained = await deps.audit.drainOutbox();
    if (drained.appended || drained.left) deps.logger.info('audit outbox drained', { ...drained });
  } catch (error) {
    deps.logger.error('could not drain the audit outbox', { error: describeError(error) });
  }
  return undefined;
}
