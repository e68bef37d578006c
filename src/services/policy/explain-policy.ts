import {
  type BucketExplanation,
  explainBucket,
  GROUPS_EXPANDED,
  type GroupExpansion,
  groupsNamed,
  MEMBERS_SHOWN,
  type PersonStanding,
  type PersonStatus,
  standingOf,
} from '../../domain/policy-explain.js';
import type { Job } from '../../ports/job-queue.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { isAuditor } from '../request/approvers.js';

type ExplainJob = Extract<Job, { kind: 'policyExplain' }>;

/** What `/bucket-key policy explain` found. */
export type ExplainPolicyOutcome =
  | { kind: 'explain_refused'; bucket: string; aboutUserId: string }
  | {
      kind: 'bucket_explained';
      explanation: BucketExplanation;
      groups: GroupExpansion[];
      standing: PersonStanding;
    };

/**
 * `/bucket-key policy explain <bucket> [@user]`: the bucket's rules by the same evaluator as
 * `policy:check`, its groups expanded (departed members marked where the directory can tell), and
 * what the person (the asker, unless named) may do there and why. Anyone may ask about themselves;
 * only approvers and auditors about someone else.
 */
export async function explainPolicy(
  deps: ServiceDependencies,
  job: ExplainJob,
): Promise<ExplainPolicyOutcome> {
  const about = job.aboutUserId ?? job.userId;
  if (about !== job.userId && !(await isAuditor(deps, job.userId))) {
    await record(deps, {
      type: 'refused_not_auditor',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: about,
      bucket: job.bucket,
      detail: `policy explain ${job.bucket} about ${about}`,
    });
    return { kind: 'explain_refused', bucket: job.bucket, aboutUserId: about };
  }
  const explanation = explainBucket(deps.policy, job.bucket);
  const named = groupsNamed(explanation);
  const members = await Promise.all(named.map((group) => membersOf(deps, group)));
  const memberOf = new Set(named.filter((_, i) => members[i]?.has(about)));
  const status = await statusOf(deps, about);
  const groups = await Promise.all(
    named.slice(0, GROUPS_EXPANDED).map((group, i) => expansionOf(deps, group, members[i])),
  );
  return {
    kind: 'bucket_explained',
    explanation,
    groups,
    standing: standingOf(explanation, { userId: about, memberOf, ...(status ? { status } : {}) }),
  };
}

async function membersOf(deps: ServiceDependencies, group: string): Promise<Set<string> | undefined> {
  try {
    return await deps.directory.expand([group]);
  } catch (error) {
    deps.logger.warn('could not expand a group for policy explain', { group, error: describeError(error) });
    return undefined;
  }
}

async function expansionOf(
  deps: ServiceDependencies,
  group: string,
  members: Set<string> | undefined,
): Promise<GroupExpansion> {
  if (!members) return { group, readable: false };
  const shown = [...members].sort().slice(0, MEMBERS_SHOWN);
  const statuses = await Promise.all(shown.map((userId) => statusOf(deps, userId)));
  return {
    group,
    readable: true,
    total: members.size,
    members: shown.map((userId, i) => ({ userId, departed: statuses[i]?.deleted === true })),
  };
}

/** Best effort: a directory that cannot tell (or fails) leaves the person's status unknown. */
async function statusOf(deps: ServiceDependencies, userId: string): Promise<PersonStatus | undefined> {
  if (!deps.directory.describe) return undefined;
  try {
    return await deps.directory.describe(userId);
  } catch (error) {
    deps.logger.warn('could not look a person up for policy explain', {
      userId,
      error: describeError(error),
    });
    return undefined;
  }
}
