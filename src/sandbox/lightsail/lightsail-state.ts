import { randomBytes, randomUUID } from 'node:crypto';

/** Lightsail's documented limit and naming rules, as the emulator enforces them. */
export const KEYS_PER_BUCKET = 2;
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,52}[a-z0-9]$/;
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface EmulatedKey {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
  lastUsedDate?: Date;
  lastUsedRegion?: string;
  lastUsedService?: string;
}

export interface EmulatedBucket {
  name: string;
  region: string;
  createdAt: Date;
  keys: EmulatedKey[];
}

/** Thrown by operations; the server turns it into Lightsail's error response. */
export class LightsailFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly code = type.replace(/Exception$/, ''),
  ) {
    super(message);
    this.name = type;
  }
}

/** The account a caller is in unless told otherwise (moto's default account too). */
export const HOME_ACCOUNT_ID = '123456789012';

/**
 * One emulated account: buckets and their keys. Secrets are returned once and never kept.
 * Real Lightsail bucket names are unique in the partition; seeding the same name in two accounts
 * stands for a view that has not caught up with a bucket deleted in one and made in another.
 */
export class LightsailState {
  readonly buckets = new Map<string, EmulatedBucket>();

  constructor(readonly accountId = HOME_ACCOUNT_ID) {}

  addBucket(name: string, region = 'us-east-1'): EmulatedBucket {
    const bucket = { name, region, createdAt: new Date(), keys: [] };
    this.buckets.set(name, bucket);
    return bucket;
  }

  /** Adds a key made outside the bot (seeding); returns it without a secret. */
  addKey(bucketName: string, key: Partial<EmulatedKey> = {}): EmulatedKey {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) throw new Error(`no bucket ${bucketName}`);
    const full: EmulatedKey = {
      accessKeyId: newAccessKeyId(),
      status: 'Active',
      createdAt: new Date(),
      ...key,
    };
    bucket.keys.push(full);
    return full;
  }

  bucket(name: unknown, region: string): EmulatedBucket {
    if (typeof name !== 'string' || !BUCKET_NAME.test(name)) {
      throw new LightsailFault('InvalidInputException', 'Bucket name is invalid.', 'InvalidInput');
    }
    const bucket = this.buckets.get(name);
    if (!bucket || bucket.region !== region) {
      throw new LightsailFault('NotFoundException', `The bucket does not exist: ${name}`, 'NotFound');
    }
    return bucket;
  }

  createKey(
    bucketName: unknown,
    region: string,
  ): { key: EmulatedKey; secretAccessKey: string; bucket: EmulatedBucket } {
    const bucket = this.bucket(bucketName, region);
    if (bucket.keys.length >= KEYS_PER_BUCKET) {
      throw new LightsailFault(
        'InvalidInputException',
        `The bucket ${bucket.name} already has the maximum number of access keys (${KEYS_PER_BUCKET}).`,
      );
    }
    const key = this.addKey(bucket.name);
    return { key, bucket, secretAccessKey: randomBytes(30).toString('base64') };
  }

  deleteKey(
    bucketName: unknown,
    accessKeyId: unknown,
    region: string,
  ): { key: EmulatedKey; bucket: EmulatedBucket } {
    const bucket = this.bucket(bucketName, region);
    const index = bucket.keys.findIndex((key) => key.accessKeyId === accessKeyId);
    const key = bucket.keys[index];
    if (!key)
      throw new LightsailFault('NotFoundException', `The access key does not exist: ${String(accessKeyId)}`);
    bucket.keys.splice(index, 1);
    return { key, bucket };
  }

  /**
   * Records a use of the key, as Lightsail does when a request signed with it reaches the bucket:
   * GetBucketAccessKeys then reports it in `lastUsed` (date, region, service). Default service: s3.
   */
  markUsed(accessKeyId: string, use: { at: Date; region?: string; service?: string }): EmulatedKey {
    for (const bucket of this.buckets.values()) {
      const key = bucket.keys.find((k) => k.accessKeyId === accessKeyId);
      if (!key) continue;
      key.lastUsedDate = use.at;
      key.lastUsedRegion = use.region ?? bucket.region;
      key.lastUsedService = use.service ?? 's3';
      return key;
    }
    throw new Error(`no key ${accessKeyId}`);
  }

  allKeyIds(): string[] {
    return [...this.buckets.values()].flatMap((bucket) => bucket.keys.map((key) => key.accessKeyId));
  }
}

/** 20 characters of [A-Z0-9], starting like IAM keys do. */
export function newAccessKeyId(): string {
  const bytes = randomBytes(16);
  let id = 'AKIA';
  for (const byte of bytes) id += KEY_ALPHABET[byte % KEY_ALPHABET.length];
  return id;
}

export function operationFor(type: string, bucket: EmulatedBucket, details: string) {
  const now = Date.now() / 1000;
  return {
    id: randomUUID(),
    resourceName: bucket.name,
    resourceType: 'Bucket',
    createdAt: now,
    location: { availabilityZone: 'all', regionName: bucket.region },
    isTerminal: true,
    operationDetails: details,
    operationType: type,
    status: 'Succeeded',
    statusChangedAt: now,
  };
}
