import type { PolicyResolution } from '../ports/policy-source.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { type SweepReport, sweep } from '../services/sweep/sweep.js';

/** The dependencies for one job or sweep, with the policy in force now; or why there is none. */
export type PolicyForRun =
  | { kind: 'ready'; deps: ServiceDependencies }
  | Extract<PolicyResolution, { kind: 'no_policy' }>;

/**
 * Resolves the policy once, for one job or one sweep: every use case of that run reads the same
 * version from `deps.policy`, so no run is ever half under one version and half under another.
 */
export async function withPolicyInForce(deps: ServiceDependencies): Promise<PolicyForRun> {
  if (!deps.policyInForce) return { kind: 'ready', deps };
  const resolved = await deps.policyInForce.resolve();
  return resolved.kind === 'in_force'
    ? { kind: 'ready', deps: { ...deps, policy: resolved.policy } }
    : resolved;
}

/**
 * At start: the policy judged once (so a fault is logged as the container starts, and told to the
 * approvers), and the dependencies to log and warm up with. Never throws: a container that starts
 * without a valid policy keeps running and refuses jobs with a reference, rather than crash-looping.
 */
export async function startUnderPolicy(deps: ServiceDependencies): Promise<ServiceDependencies> {
  const ready = await withPolicyInForce(deps);
  return ready.kind === 'ready' ? ready.deps : deps;
}

/** A sweep that did not run: no valid policy is in force, so nothing is decided (see the logs' reference). */
export interface SkippedSweep {
  skipped: 'no_policy';
  reason: Extract<PolicyResolution, { kind: 'no_policy' }>['reason'];
  ref: string;
}

/** One sweep under the policy in force; without one, the sweep acts on nothing and says why. */
export async function sweepInForce(
  deps: ServiceDependencies,
  run: (deps: ServiceDependencies) => Promise<SweepReport> = sweep,
): Promise<SweepReport | SkippedSweep> {
  const ready = await withPolicyInForce(deps);
  if (ready.kind !== 'ready') return { skipped: 'no_policy', reason: ready.reason, ref: ready.ref };
  return run(ready.deps);
}
