import type { PolicyChange } from '../../domain/policy-changes.js';
import type { PolicyProblem } from '../../domain/policy-problems.js';

/** A version of the policy the bot has just applied, as the approvers are told of it. */
export interface PolicyApplied {
  name: string;
  version: number;
  sha256: string;
  modifiedBy?: string;
  modifiedAt?: string;
  change: PolicyChange;
}

/** A version the bot refused, and the version it keeps applying instead (none: it takes no requests). */
export interface PolicyRefused {
  name: string;
  version: number;
  sha256: string;
  modifiedBy?: string;
  problems: PolicyProblem[];
  keptVersion?: number;
}

/** Policy notices: see ../notifier.ts. Each is said once per version, in the approvers' channel. */
export interface PolicyNotices {
  /** A new version is in force. Failures are logged, never thrown: the chain holds the record. */
  policyApplied(applied: PolicyApplied): Promise<void>;
  /** A version was refused: the approvers must fix it. Failures are logged, never thrown. */
  policyRefused(refused: PolicyRefused): Promise<void>;
}
