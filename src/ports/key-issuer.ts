/** A bucket access key as Lightsail reports it (never with its secret). */
export interface BucketKey {
  accessKeyId: string;
  status: string;
  createdAt: Date;
  lastUsedAt?: Date;
  lastUsedRegion?: string;
  lastUsedService?: string;
}

/** Only `createKey` ever sees a secret, and hands it straight to the caller. */
export interface NewBucketKey {
  accessKeyId: string;
  secretAccessKey: string;
  createdAt: Date;
}

/** Lightsail bucket keys. Failures are KeyIssuerError with a reason a person can act on. */
export interface KeyIssuer {
  listKeys(bucket: string, region: string): Promise<BucketKey[]>;
  /** Every bucket's name in a region (all pages). */
  listBuckets(region: string): Promise<string[]>;
  createKey(bucket: string, region: string): Promise<NewBucketKey>;
  /** Deleting a key that is already gone succeeds. */
  deleteKey(bucket: string, region: string, accessKeyId: string): Promise<void>;
  /** The bucket's S3-compatible endpoint, for the delivery message. */
  endpointFor(region: string): string;
}

/** Lightsail allows two access keys per bucket. */
export const MAX_KEYS_PER_BUCKET = 2;
