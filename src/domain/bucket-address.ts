import * as z from 'zod/mini';
import { ACCOUNT_ID, ACCOUNT_NAME, type Account, HOME_ACCOUNT } from './account.js';
import { BUCKET_NAME } from './patterns.js';

/**
 * A bucket as a person names it: `bucket`, or `account/bucket`. The account is a policy account's
 * name, `home` for the bot's own, or a 12-digit account id.
 */
export interface BucketAddress {
  /** Absent: the bare name, to be found in whichever account holds it. */
  account?: string;
  bucket: string;
}

/** Where a bucket is known to be: its account's name (HOME_ACCOUNT for the bot's own) and region. */
export interface BucketLocation {
  account: string;
  bucket: string;
  region: string;
}

/** `media-assets` → { bucket }; `prod/media-assets` → { account, bucket }; anything else → undefined. */
export function parseBucketAddress(text: string): BucketAddress | undefined {
  const parts = text.split('/');
  if (parts.length === 1) return BUCKET_NAME.test(text) ? { bucket: text } : undefined;
  const [account = '', bucket = ''] = parts;
  if (parts.length !== 2 || !BUCKET_NAME.test(bucket)) return undefined;
  if (!ACCOUNT_NAME.test(account) && !ACCOUNT_ID.test(account)) return undefined;
  return { account, bucket };
}

/** The text `parseBucketAddress` reads back to the same address. */
export function formatBucketAddress(address: BucketAddress): string {
  return address.account === undefined ? address.bucket : `${address.account}/${address.bucket}`;
}

/** For the command parser: `field('bucket', bucketAddressSchema, token)`. */
export const bucketAddressSchema = z.pipe(
  z
    .string()
    .check(
      z.refine(
        (text) => parseBucketAddress(text) !== undefined,
        'is not a bucket name (3-54 characters: a-z, 0-9 and -) or account/bucket',
      ),
    ),
  z.transform((text: string) => parseBucketAddress(text) as BucketAddress),
);

/**
 * What the bot shows for a bucket: its bare name where that is unambiguous among `known`, and
 * `account/bucket` where another account holds the same name.
 */
export function displayNameOf(location: BucketLocation, known: readonly BucketLocation[]): string {
  const shared = known.some(
    (other) => other.bucket === location.bucket && other.account !== location.account,
  );
  return shared ? formatBucketAddress(location) : location.bucket;
}

/** What the bot knows when it resolves an address: the policy's accounts and where buckets were seen. */
export interface AddressBook {
  accounts: readonly Pick<Account, 'name' | 'id'>[];
  /** The bot's own account id, when known, so `123456789012/bucket` can name it too. */
  homeAccountId?: string;
  locations: readonly BucketLocation[];
}

/**
 * - `found`: exactly one account holds the bucket (the account named, or the only one with that name);
 * - `unknown_account`: the account named is not in the policy; `choices` are the names it has;
 * - `ambiguous`: a bare name held by several accounts; `choices` are their `account/bucket` forms;
 * - `not_found`: no account is known to hold it (`account` set when the address named a known one).
 */
export type AddressResolution =
  | { kind: 'found'; location: BucketLocation }
  | { kind: 'unknown_account'; account: string; choices: string[] }
  | { kind: 'ambiguous'; bucket: string; choices: string[] }
  | { kind: 'not_found'; bucket: string; account?: string };

/** Resolves a typed address against what is known; pure, so every answer is the same everywhere. */
export function resolveBucketAddress(address: BucketAddress, book: AddressBook): AddressResolution {
  const holders = dedupeByAccount(book.locations.filter((at) => at.bucket === address.bucket));
  if (address.account === undefined) {
    const [only, ...others] = holders;
    if (!only) return { kind: 'not_found', bucket: address.bucket };
    if (others.length === 0) return { kind: 'found', location: only };
    return { kind: 'ambiguous', bucket: address.bucket, choices: holders.map(formatBucketAddress).sort() };
  }
  const account = accountNameFor(address.account, book);
  if (account === undefined)
    return {
      kind: 'unknown_account',
      account: address.account,
      choices: [HOME_ACCOUNT, ...book.accounts.map((known) => known.name)],
    };
  const location = holders.find((at) => at.account === account);
  return location ? { kind: 'found', location } : { kind: 'not_found', bucket: address.bucket, account };
}

/** The account's name for a name or id typed before the slash; undefined when it is neither. */
function accountNameFor(typed: string, book: AddressBook): string | undefined {
  if (typed === HOME_ACCOUNT || (book.homeAccountId !== undefined && typed === book.homeAccountId))
    return HOME_ACCOUNT;
  // A search, not an index: a plain object would find Object.prototype's `constructor`.
  return book.accounts.find((known) => known.name === typed || known.id === typed)?.name;
}

/** Lightsail names are unique in the partition; a stale view may still show one twice in an account. */
function dedupeByAccount(locations: readonly BucketLocation[]): BucketLocation[] {
  const seen = new Set<string>();
  return locations.filter((at) => !seen.has(at.account) && seen.add(at.account));
}
