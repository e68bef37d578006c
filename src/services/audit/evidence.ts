import type { CheckpointArchive, CheckpointKey, CheckpointWriter } from '../../ports/audit-checkpoints.js';
import type { RefusalTally } from '../../ports/refusal-tally.js';
import type { ServiceDependencies } from '../dependencies.js';

/** Signed checkpoints: where they are written and read, the key that verifies them, who signs them. */
export interface AuditEvidence {
  /** The checkpoint writer: its own function in production (its role alone may sign), in process locally. */
  checkpoints: CheckpointWriter;
  archive: CheckpointArchive;
  /** Verification needs the public key only. */
  key: Pick<CheckpointKey, 'keyId' | 'publicKeyPem'>;
  /** How long every checkpoint must stay locked (AUDIT_CHECKPOINT_RETENTION). */
  retentionMs: number;
}

/** The dependencies with signed checkpoints configured (AUDIT_CHECKPOINT_BUCKET and AUDIT_SIGNING_KEY_ID). */
export type EvidenceDependencies = ServiceDependencies & {
  evidence?: AuditEvidence;
  /** Forged-job refusals counted per source and minute (recorded by the sweeper as one event each). */
  refusals?: RefusalTally;
};

/**
 * The checkpoints, when configured. They travel beside ServiceDependencies, which other use cases
 * share, until that type carries them itself.
 */
export function evidenceOf(deps: ServiceDependencies): AuditEvidence | undefined {
  return (deps as EvidenceDependencies).evidence;
}

/** The refusal tally, where the deployment has one (DynamoDB); without it, each refusal is its own event. */
export function refusalsOf(deps: ServiceDependencies): RefusalTally | undefined {
  return (deps as EvidenceDependencies).refusals;
}
