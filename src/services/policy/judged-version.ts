import type { Policy, PolicyDefaults } from '../../domain/policy.js';
import type { PolicyProblem } from '../../domain/policy-problems.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';
import type { PolicySource, PolicyVersion } from '../../ports/policy-source.js';
import type { PolicyVersionRecords } from '../../ports/policy-versions.js';

/** What keeping the policy in force needs: its source, the verdict records, and the chain. */
export interface PolicyKeeperPorts {
  source: PolicySource;
  records: PolicyVersionRecords;
  /** The environment's defaults (APPROVER_IDS, AWS_REGION, KEY_MAX_AGE…) every version builds on. */
  defaults: PolicyDefaults;
  audit: AuditLog;
  notifier: Notifier;
  logger: Logger;
  clock: Clock;
}

/** One version as the keeper judged it: valid (with its policy) or refused (with its faults). */
export type Judged = {
  key: string;
  version: PolicyVersion;
  sha256: string;
} & ({ policy: Policy; problems?: undefined } | { policy?: undefined; problems: PolicyProblem[] });
