import type { CheckpointSummary, CheckpointTrigger, SignedCheckpoint } from '../domain/audit-checkpoint.js';
import type { EvidenceProblem } from '../domain/audit-verification.js';

/**
 * The asymmetric KMS key that signs checkpoints (ECC_NIST_P256, ECDSA_SHA_256 over the message
 * itself, MessageType RAW). Only the checkpoint writer's role may sign; anyone may read the public key.
 */
export interface CheckpointKey {
  readonly keyId: string;
  /** The DER-encoded ECDSA signature of `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** The public key, as PEM (SubjectPublicKeyInfo), for node:crypto or openssl. */
  publicKeyPem(): Promise<string>;
}

/** A checkpoint object as the bucket holds it, with the Object Lock the bucket reports on it. */
export interface ArchivedObject {
  body: string;
  lock?: { mode: string; retainUntil: string };
}

/**
 * The S3 bucket, created with Object Lock (COMPLIANCE, a default retention), that holds the signed
 * checkpoints: nobody, the account root included, can delete or overwrite a version before its
 * retention ends. The checkpoint writer may only put; readers list and get.
 */
export interface CheckpointArchive {
  /** Where the checkpoints are, for people: `s3://bucket/prefix`. */
  readonly location: string;
  /** The object key a checkpoint is stored under. */
  keyOf(checkpoint: SignedCheckpoint['checkpoint']): string;
  put(key: string, body: string): Promise<void>;
  /** Every checkpoint object's key, in key order (which is number order). */
  keys(): Promise<string[]>;
  read(key: string): Promise<ArchivedObject>;
}

/** The checkpoint writer's own records in the audit table: the newest checkpoint, and whether its object was stored. */
export interface CheckpointRecord {
  signed: SignedCheckpoint;
  key: string;
  stored: boolean;
}

/**
 * Which checkpoint comes next. Claiming a number is one conditional put, so two writers at once make
 * one checkpoint; only the checkpoint writer's role may write these records.
 */
export interface CheckpointRecords {
  latest(): Promise<CheckpointRecord | undefined>;
  /** False when that number was claimed already (another writer won). */
  claim(record: CheckpointRecord): Promise<boolean>;
  markStored(record: CheckpointRecord): Promise<void>;
}

export type CheckpointRequest =
  | { trigger: Extract<CheckpointTrigger, 'hourly'> }
  | { trigger: Extract<CheckpointTrigger, 'on_demand' | 'export'>; userId: string };

/** What the checkpoint writer did. */
export type CheckpointResult =
  | { kind: 'signed'; checkpoint: CheckpointSummary }
  /** Hourly, and the newest checkpoint is recent: nothing to do. */
  | { kind: 'not_due'; latest: CheckpointSummary }
  /** The chain since the newest checkpoint does not verify: it will not sign over it. */
  | { kind: 'refused'; problem: EvidenceProblem }
  /** KMS, S3 or DynamoDB failed; nothing was signed, or a signed checkpoint waits to be stored. */
  | { kind: 'failed'; reason: string };

/**
 * Asks the checkpoint writer (its own function and role in production) for a checkpoint: hourly from
 * the sweeper, on demand from `audit checkpoint`, and before a whole-log export.
 */
export interface CheckpointWriter {
  write(request: CheckpointRequest): Promise<CheckpointResult>;
}
