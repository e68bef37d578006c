import type { PolicyProvenance } from '../../domain/policy.js';
import type { Job } from '../../ports/job-queue.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { isAuditor } from '../request/approvers.js';

type PolicyJob = Extract<Job, { kind: 'policy' }>;

/** What `/bucket-key policy` found. */
export type ShowPolicyOutcome =
  | { kind: 'policy_not_shown' }
  | { kind: 'policy_shown'; provenance: PolicyProvenance; buckets: number; restricted: boolean };

/** `/bucket-key policy`: the version in force, its hash, when and by whom it was set. Approvers and auditors only. */
export async function showPolicy(deps: ServiceDependencies, job: PolicyJob): Promise<ShowPolicyOutcome> {
  if (!(await isAuditor(deps, job.userId))) {
    await record(deps, {
      type: 'refused_not_auditor',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: job.userId,
      detail: 'policy',
    });
    return { kind: 'policy_not_shown' };
  }
  return {
    kind: 'policy_shown',
    provenance: deps.policy.provenance,
    buckets: deps.policy.bucketNames().length,
    restricted: deps.policy.file.restrictToListedBuckets,
  };
}
