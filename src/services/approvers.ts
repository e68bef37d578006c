import type { ServiceDependencies } from './dependencies.js';

/** True when the verified Slack user may approve or deny requests for this bucket. */
export async function isApproverFor(
  deps: ServiceDependencies,
  bucket: string,
  userId: string,
): Promise<boolean> {
  const rules = deps.policy.rulesFor(bucket);
  if (!rules) return false;
  return (await deps.directory.expand(rules.approvers)).has(userId);
}

/** Approvers and configured auditors may read the audit log. */
export async function isAuditor(deps: ServiceDependencies, userId: string): Promise<boolean> {
  const ids = [...deps.policy.allApprovers(), ...deps.settings.auditorIds];
  return (await deps.directory.expand(ids)).has(userId);
}
