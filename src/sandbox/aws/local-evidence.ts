import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { checkpointObjectKey } from '../../domain/audit-checkpoint.js';
import type { ArchivedObject, CheckpointArchive, CheckpointKey } from '../../ports/audit-checkpoints.js';

/**
 * Stand-ins for KMS and the Object Lock bucket where moto is not installed (`npm start`, the bench):
 * a P-256 key in this process, signing as KMS does (ECDSA_SHA_256 over the message, DER), and an
 * in-memory bucket that keeps every version, refuses deletes, and reports each object's COMPLIANCE lock.
 */
export class LocalCheckpointKey implements CheckpointKey {
  readonly keyId = 'local-checkpoint-key';
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return sign('sha256', message, { key: this.privateKey, dsaEncoding: 'der' });
  }

  async publicKeyPem(): Promise<string> {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }
}

export class MemoryCheckpointArchive implements CheckpointArchive {
  readonly location: string;
  private readonly objects = new Map<string, Array<{ body: string; putAt: number }>>();

  constructor(
    private readonly retentionMs: number,
    private readonly prefix = 'checkpoints/',
    bucket = 'local-checkpoints',
  ) {
    this.location = `memory://${bucket}/${prefix}`;
  }

  keyOf(checkpoint: { number: number; to: string }): string {
    return checkpointObjectKey(this.prefix, checkpoint);
  }

  async put(key: string, body: string): Promise<void> {
    const versions = this.objects.get(key) ?? [];
    versions.push({ body, putAt: Date.now() });
    this.objects.set(key, versions);
  }

  async keys(): Promise<string[]> {
    return [...this.objects.keys()].sort();
  }

  async read(key: string): Promise<ArchivedObject> {
    const latest = this.objects.get(key)?.at(-1);
    if (!latest) throw new Error(`NoSuchKey: ${key}`);
    return {
      body: latest.body,
      lock: { mode: 'COMPLIANCE', retainUntil: new Date(latest.putAt + this.retentionMs).toISOString() },
    };
  }

  /** As S3 answers a delete of a version under COMPLIANCE lock. */
  async delete(key: string): Promise<never> {
    throw new Error(`AccessDenied: ${key} is locked (COMPLIANCE) until its retention ends`);
  }
}
