import type { Account, AccountSession } from '../domain/account.js';

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

/**
 * A KeyIssuer per AWS account. Without an account: the bot's own, exactly as `KeyIssuer` alone.
 * With one: the same calls made in that account as `session` (its role assumed with the account's
 * ExternalId, RoleSessionName and SourceIdentity from the session). Calls of such an issuer may also
 * fail with AccountUnassumableError, before anything reaches Lightsail.
 *
 * @example
 *   const keys = accountKeys.forAccount(prod, requestSession(request.requestId, actorId));
 *   await keys.createKey('shared-name', 'eu-west-1');
 */
export interface AccountKeyIssuers {
  forAccount(account: Account | undefined, session: AccountSession): KeyIssuer;
}

/** Lightsail allows two access keys per bucket. */
export const MAX_KEYS_PER_BUCKET = 2;
