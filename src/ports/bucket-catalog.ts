/** One requestable bucket as the request modal's picker shows it. */
export interface CatalogBucket {
  bucket: string;
  region: string;
  /** Keys the bucket holds now (Lightsail allows two). */
  keyCount: number;
  /** The longest a key may live (the policy's keyMaxAge); absent: until revoked. */
  keyMaxAgeMs?: number;
  /** Shortest reason the policy accepts (reasonRequired / reasonMinLength); absent: a reason is optional. */
  reasonMinLength?: number;
}

/**
 * The buckets a person may request, with their regions and used slots, as the worker and the sweeper
 * last saw them. The http function reads it (one GetItem) to answer the picker within Slack's 3 s, and
 * to check a modal's submission against what was offered.
 */
export interface BucketCatalog {
  buckets: CatalogBucket[];
  /** How many requestable buckets exist; `buckets` holds at most the first CATALOG_MAX_BUCKETS. */
  total: number;
  updatedAt: string;
}

/** external_select shows at most 100 options; the catalog keeps that many. */
export const CATALOG_MAX_BUCKETS = 100;

export interface BucketCatalogStore {
  read(): Promise<BucketCatalog | undefined>;
  /** Replaces the catalog unless a newer one is stored already. */
  write(catalog: BucketCatalog): Promise<void>;
}
