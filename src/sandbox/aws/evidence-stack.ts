import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';

const LOCAL = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** What serverless.yml creates for checkpoints, made in moto: the signing key and the locked bucket. */
export interface EvidenceStack {
  keyId: string;
  bucket: string;
}

export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({ ...LOCAL, endpoint, forcePathStyle: true });
}

export function kmsClientFor(endpoint: string): KMSClient {
  return new KMSClient({ ...LOCAL, endpoint });
}

/**
 * An ECC_NIST_P256 signing key, and a bucket created with Object Lock whose default retention is
 * COMPLIANCE for `retentionDays`, as serverless.yml declares them.
 */
export async function createEvidenceStack(
  endpoint: string,
  retentionDays = 400,
  bucket = 'bucket-key-checkpoints',
): Promise<EvidenceStack> {
  const kms = kmsClientFor(endpoint);
  const s3 = s3ClientFor(endpoint);
  try {
    const key = await kms.send(
      new CreateKeyCommand({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        Description: 'bucket-key audit checkpoints',
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: retentionDays } },
        },
      }),
    );
    return { keyId: String(key.KeyMetadata?.KeyId), bucket };
  } finally {
    kms.destroy();
    s3.destroy();
  }
}
