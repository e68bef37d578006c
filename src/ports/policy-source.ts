import { BucketKeyError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';

/** One version of the policy's text as its store keeps it. */
export interface PolicyVersion {
  /** SSM's version number (1, 2, 3…), which only grows while the parameter lives. */
  version: number;
  text: string;
  /** When and by whom the version was written (SSM's LastModifiedDate and LastModifiedUser), if known. */
  modifiedAt?: string;
  modifiedBy?: string;
}

/** Where the policy lives while the bot runs: the SSM parameter named by BUCKET_KEY_POLICY_PARAM. */
export interface PolicySource {
  /** What an operator calls it: the parameter's name. */
  readonly name: string;
  /**
   * The newest version, reused for the cache time (POLICY_CACHE_SECONDS) before the store is asked
   * again. Throws PolicySourceError when the store cannot be read.
   */
  current(): Promise<PolicyVersion>;
  /**
   * Every version the store still keeps (SSM keeps the last 100), oldest first, each with its author.
   * Read only when a new version appears. Throws PolicySourceError when the store cannot be read.
   */
  history(): Promise<PolicyVersion[]>;
}

/** The policy's store could not be read (unreachable, throttled, denied, no such parameter). */
export class PolicySourceError extends BucketKeyError {
  constructor(message: string, options?: ErrorOptions) {
    super('policy_source_unreadable', message, options);
  }
}

/** What the bot applies for one job or one sweep. */
export type PolicyResolution =
  | { kind: 'in_force'; policy: Policy }
  /**
   * Nothing can be applied: no version is valid, the store cannot be read (and no valid version was
   * read before), or the new version's record could not be written. The reference is in the logs.
   */
  | { kind: 'no_policy'; reason: 'invalid' | 'unreadable' | 'unrecorded'; ref: string };

/**
 * The policy in force while the bot runs: re-read from its source at most every cache period, each
 * new version judged once, the newest valid one applied, and none half-applied. Never throws.
 */
export interface PolicyInForce {
  resolve(): Promise<PolicyResolution>;
}
