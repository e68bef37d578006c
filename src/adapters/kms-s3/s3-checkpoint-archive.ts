import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CheckpointError, checkpointObjectKey } from '../../domain/audit-checkpoint.js';
import type { ArchivedObject, CheckpointArchive } from '../../ports/audit-checkpoints.js';

/**
 * Signed checkpoints in an S3 bucket with Object Lock. The bucket's default retention (COMPLIANCE)
 * locks each new version, so the writer puts plain objects and needs `s3:PutObject` alone: no
 * retention header (that would take `s3:PutObjectRetention`), no delete, no overwrite that counts
 * (a second version under one key is itself evidence, and each key names its checkpoint's number).
 */
export class S3CheckpointArchive implements CheckpointArchive {
  readonly location: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'checkpoints/',
  ) {
    this.location = `s3://${bucket}/${prefix}`;
  }

  keyOf(checkpoint: { number: number; to: string }): string {
    return checkpointObjectKey(this.prefix, checkpoint);
  }

  async put(key: string, body: string): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }),
      );
    } catch (error) {
      throw new CheckpointError('s3_put', `S3 PutObject failed: ${(error as Error).name}`, { cause: error });
    }
  }

  async keys(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out: ListObjectsV2CommandOutput = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of out.Contents ?? []) if (object.Key?.endsWith('.json')) keys.push(object.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async read(key: string): Promise<ArchivedObject> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = (await out.Body?.transformToString('utf8')) ?? '';
    const until = out.ObjectLockRetainUntilDate;
    return {
      body,
      ...(out.ObjectLockMode && until
        ? { lock: { mode: String(out.ObjectLockMode), retainUntil: new Date(until).toISOString() } }
        : {}),
    };
  }
}
