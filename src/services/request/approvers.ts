import type { AccessRequest } from '../../domain/access-request.js';
import type { Grant } from '../../domain/grant.js';
import type { ServiceDependencies } from '../dependencies.js';

/** True when the verified Slack user may approve or deny requests for this bucket. */
export async function isApproverFor(
  deps: ServiceDependencies,
  bucket: string,
  userId: string,
): Promise<boolean> {
  return (await approverQualification(deps, bucket, userId)) !== undefined;
}

/**
 * How the user qualifies as an approver for this bucket: their own user id, or the first user group
 * (S…) that has them as a member. Undefined when they do not. Recorded with every decision, because
 * whoever can edit such a group can make themselves an approver.
 */
export async function approverQualification(
  deps: ServiceDependencies,
  bucket: string,
  userId: string,
): Promise<string | undefined> {
  const rules = deps.policy.rulesFor(bucket);
  if (!rules) return undefined;
  return qualifyAmong(deps, rules.approvers, userId);
}

/** The user's own id among `ids`, or the first user group (S…) among them that has the user. */
async function qualifyAmong(
  deps: ServiceDependencies,
  ids: readonly string[],
  userId: string,
): Promise<string | undefined> {
  if (ids.includes(userId)) return userId;
  for (const id of ids) {
    if (id.startsWith('S') && (await deps.directory.expand([id])).has(userId)) return id;
  }
  return undefined;
}

/**
 * How the user may revoke keys of someone else on this bucket: as its approver; or, once the bucket
 * has left the policy, as one of the grant's own approvers or the default approvers, so a de-listed
 * bucket's keys never become unrevocable.
 */
export async function revokerQualification(
  deps: ServiceDependencies,
  bucket: string,
  userId: string,
  grant?: Grant,
): Promise<string | undefined> {
  if (deps.policy.rulesFor(bucket)) return approverQualification(deps, bucket, userId);
  return qualifyAmong(deps, [...(grant?.approvers ?? []), ...deps.policy.defaultApprovers()], userId);
}

/**
 * How the user qualifies to decide this request: as an approver of its bucket, or, once the last
 * reminder has gone unanswered, as one of the `reminders.escalateTo` people (or groups).
 */
export async function deciderQualification(
  deps: ServiceDependencies,
  request: AccessRequest,
  userId: string,
): Promise<string | undefined> {
  const approver = await approverQualification(deps, request.bucket, userId);
  if (approver || !deps.policy.rulesFor(request.bucket)) return approver;
  const reminders = deps.policy.approvalRulesFor(request.bucket).reminders;
  if (!reminders || (request.remindersSent ?? 0) < reminders.times) return undefined;
  return qualifyAmong(deps, reminders.escalateTo, userId);
}

/** Logs how many people each approver or auditor group expands to, so a changed group shows in the logs. */
export async function logApproverGroups(deps: ServiceDependencies): Promise<void> {
  const groups = [...new Set([...deps.policy.allApprovers(), ...deps.settings.auditorIds])].filter((id) =>
    id.startsWith('S'),
  );
  for (const group of groups) {
    try {
      const members = await deps.directory.expand([group]);
      deps.logger.info('approver group expanded', { group, members: members.size });
    } catch (error) {
      deps.logger.warn('could not expand an approver group', { group, error: (error as Error).message });
    }
  }
}

/** Approvers and configured auditors may read the audit log. */
export async function isAuditor(deps: ServiceDependencies, userId: string): Promise<boolean> {
  const ids = [...deps.policy.allApprovers(), ...deps.settings.auditorIds];
  return (await deps.directory.expand(ids)).has(userId);
}
