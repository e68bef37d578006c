import type { CheckpointResult } from '../../ports/audit-checkpoints.js';
import type { Job } from '../../ports/job-queue.js';
import type { ServiceDependencies } from '../dependencies.js';
import { record } from './audit-record.js';
import { evidenceOf } from './evidence.js';

type CheckpointJob = Extract<Job, { kind: 'auditCheckpoint' }>;

/** What `audit checkpoint` did. */
export type CheckpointOutcome =
  | { kind: 'not_an_approver' }
  | { kind: 'not_configured' }
  | { kind: 'checkpoint'; result: CheckpointResult };

/**
 * `/bucket-key audit checkpoint`: an approver asks the checkpoint writer for a signed checkpoint now,
 * rather than at the next hour (before handing an export to an auditor, say). Anyone else is refused,
 * and the refusal recorded.
 */
export async function requestCheckpoint(
  deps: ServiceDependencies,
  job: CheckpointJob,
): Promise<CheckpointOutcome> {
  const approvers = await deps.directory.expand(deps.policy.allApprovers());
  if (!approvers.has(job.userId)) {
    await record(deps, {
      type: 'refused_not_approver',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: job.userId,
      detail: 'audit checkpoint',
    });
    return { kind: 'not_an_approver' };
  }
  const evidence = evidenceOf(deps);
  if (!evidence) return { kind: 'not_configured' };
  return {
    kind: 'checkpoint',
    result: await evidence.checkpoints.write({ trigger: 'on_demand', userId: job.userId }),
  };
}
