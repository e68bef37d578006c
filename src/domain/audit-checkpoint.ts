import { createVerify } from 'node:crypto';
import { GENESIS_HASH } from './audit-chain.js';
import { BucketKeyError } from './errors.js';

/** Signing, storing or reading a checkpoint failed; `code` says which step (kms_sign, s3_put, …). */
export class CheckpointError extends BucketKeyError {}

/** What set a checkpoint off: the hourly schedule, an approver's `audit checkpoint`, or an export of the whole log. */
export type CheckpointTrigger = 'hourly' | 'on_demand' | 'export';

/**
 * A signed statement about the chain, in the manner of CloudTrail's hourly digests: the head it saw,
 * the range of events since the previous checkpoint, and that checkpoint's signature, so that the
 * checkpoints form a chain of their own that only the signing key can extend.
 */
export interface Checkpoint {
  version: 1;
  /** 1, 2, 3…: a missing number is a missing checkpoint. */
  number: number;
  /** The chain's head when it was signed (seq 0 and the genesis hash for an empty chain). */
  head: { seq: number; hash: string };
  /** The events it adds: `firstSeq` to `head.seq`, `eventCount` of them (0 when nothing happened). */
  firstSeq: number;
  eventCount: number;
  /** From the previous checkpoint's signing (or, for the first, null) to this one's. */
  from: string | null;
  to: string;
  /** The previous checkpoint's signature (base64, DER), or null for the first. */
  previousSignature: string | null;
  /** The KMS key that signed it. */
  keyId: string;
  trigger: CheckpointTrigger;
  /** Who asked, for an on-demand checkpoint. */
  requestedBy?: string;
}

/** A checkpoint and its ECDSA P-256 / SHA-256 signature over `checkpointBytes` (base64, DER). */
export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  signature: string;
}

/** A checkpoint as it is named to people: its number, object key, head and time. */
export interface CheckpointSummary {
  number: number;
  key: string;
  headSeq: number;
  headHash: string;
  to: string;
  eventCount: number;
}

/** The KMS signing algorithm and message type; DIGEST is avoided (the signer would have to be trusted to hash). */
export const CHECKPOINT_SIGNING = { algorithm: 'ECDSA_SHA_256', messageType: 'RAW' } as const;

/** The exact bytes signed: the checkpoint as JSON with its keys sorted, at every level, no spaces. */
export function checkpointBytes(checkpoint: Checkpoint): Buffer {
  return Buffer.from(canonicalJson(checkpoint), 'utf8');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `<prefix>0000000042-20261101T100000Z.json`: listed in number order, readable by a person. */
export function checkpointObjectKey(prefix: string, checkpoint: Pick<Checkpoint, 'number' | 'to'>): string {
  const stamp = checkpoint.to.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${prefix}${String(checkpoint.number).padStart(10, '0')}-${stamp}.json`;
}

/** The checkpoint after `previous` (or the first), for the chain's current head. */
export function nextCheckpoint(
  previous: SignedCheckpoint | undefined,
  head: { seq: number; hash: string } | undefined,
  facts: { to: string; keyId: string; trigger: CheckpointTrigger; requestedBy?: string },
): Checkpoint {
  const at = head ?? { seq: 0, hash: GENESIS_HASH };
  const before = previous?.checkpoint;
  const firstSeq = (before?.head.seq ?? 0) + 1;
  return {
    version: 1,
    number: (before?.number ?? 0) + 1,
    head: { seq: at.seq, hash: at.hash },
    firstSeq,
    eventCount: Math.max(0, at.seq - firstSeq + 1),
    from: before?.to ?? null,
    to: facts.to,
    previousSignature: previous?.signature ?? null,
    keyId: facts.keyId,
    trigger: facts.trigger,
    ...(facts.requestedBy ? { requestedBy: facts.requestedBy } : {}),
  };
}

export function summaryOf(signed: SignedCheckpoint, key: string): CheckpointSummary {
  const { checkpoint } = signed;
  return {
    number: checkpoint.number,
    key,
    headSeq: checkpoint.head.seq,
    headHash: checkpoint.head.hash,
    to: checkpoint.to,
    eventCount: checkpoint.eventCount,
  };
}

/** Parses a stored checkpoint object; undefined when it is not one (the verifier names it). */
export function parseSignedCheckpoint(text: string): SignedCheckpoint | undefined {
  try {
    const value = JSON.parse(text) as SignedCheckpoint;
    const c = value?.checkpoint;
    const ok =
      typeof value?.signature === 'string' &&
      c?.version === 1 &&
      Number.isInteger(c.number) &&
      Number.isInteger(c.head?.seq) &&
      typeof c.head?.hash === 'string' &&
      Number.isInteger(c.firstSeq) &&
      Number.isInteger(c.eventCount) &&
      typeof c.to === 'string';
    return ok ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `signed.signature` is the public key's ECDSA P-256 / SHA-256 signature of the checkpoint's bytes. */
export function signatureIsValid(signed: SignedCheckpoint, publicKeyPem: string): boolean {
  try {
    const verifier = createVerify('sha256');
    verifier.update(checkpointBytes(signed.checkpoint));
    return verifier.verify(publicKeyPem, Buffer.from(signed.signature, 'base64'));
  } catch {
    return false;
  }
}
