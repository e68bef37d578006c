import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOME_ACCOUNT } from '../../../src/domain/account.js';
import {
  type AddressBook,
  bucketAddressSchema,
  displayNameOf,
  formatBucketAddress,
  parseBucketAddress,
  resolveBucketAddress,
} from '../../../src/domain/bucket-address.js';
import { BUCKET_NAME } from '../../../src/domain/patterns.js';

const accounts = [
  { name: 'prod', id: '111111111111' },
  { name: 'staging', id: '222222222222' },
];
const book: AddressBook = {
  accounts,
  homeAccountId: '123456789012',
  locations: [
    { account: 'prod', bucket: 'shared-name', region: 'eu-west-1' },
    { account: 'staging', bucket: 'shared-name', region: 'eu-west-1' },
    { account: 'prod', bucket: 'payments-ledger', region: 'us-east-1' },
    { account: HOME_ACCOUNT, bucket: 'media-assets', region: 'us-east-1' },
  ],
};

describe('the account/bucket grammar', () => {
  it.each([
    ['media-assets', { bucket: 'media-assets' }],
    ['prod/shared-name', { account: 'prod', bucket: 'shared-name' }],
    ['111111111111/shared-name', { account: '111111111111', bucket: 'shared-name' }],
    ['home/media-assets', { account: 'home', bucket: 'media-assets' }],
  ])('reads %j', (text, address) => {
    expect(parseBucketAddress(text)).toEqual(address);
  });

  it.each([
    ['', 'empty'],
    ['/shared-name', 'no account before the slash'],
    ['prod/', 'no bucket after it'],
    ['prod/eu/shared-name', 'two slashes'],
    ['Prod/shared-name', 'an upper-case account'],
    ['prod/Shared-Name', 'an upper-case bucket'],
    ['prod/ab', 'a bucket name too short for Lightsail'],
    ['1111/shared-name', 'neither a name nor a 12-digit id'],
  ])('refuses %j (%s)', (text) => {
    expect(parseBucketAddress(text)).toBeUndefined();
  });

  it('reads back what it writes, for every valid name with or without an account', () => {
    const bucket = fc.stringMatching(BUCKET_NAME);
    const account = fc.option(fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/), { nil: undefined });
    fc.assert(
      fc.property(bucket, account, (name, owner) => {
        const address = owner === undefined ? { bucket: name } : { account: owner, bucket: name };
        expect(parseBucketAddress(formatBucketAddress(address))).toEqual(address);
      }),
    );
  });

  it('gives the command parser one schema with a message a person can act on', () => {
    expect(bucketAddressSchema.parse('prod/shared-name')).toEqual({ account: 'prod', bucket: 'shared-name' });
    const refused = bucketAddressSchema.safeParse('prod/Shared');
    expect(refused.error?.issues[0]?.message).toBe(
      'is not a bucket name (3-54 characters: a-z, 0-9 and -) or account/bucket',
    );
  });
});

describe('resolving what a person typed', () => {
  it('finds a bare name held by one account only', () => {
    expect(resolveBucketAddress({ bucket: 'payments-ledger' }, book)).toEqual({
      kind: 'found',
      location: { account: 'prod', bucket: 'payments-ledger', region: 'us-east-1' },
    });
  });

  it('answers a bare name held by two accounts with both account/bucket forms to choose from', () => {
    expect(resolveBucketAddress({ bucket: 'shared-name' }, book)).toEqual({
      kind: 'ambiguous',
      bucket: 'shared-name',
      choices: ['prod/shared-name', 'staging/shared-name'],
    });
  });

  it('finds account/bucket in that account and no other, by name or by account id', () => {
    const inStaging = { account: 'staging', bucket: 'shared-name', region: 'eu-west-1' };

    expect(resolveBucketAddress({ account: 'staging', bucket: 'shared-name' }, book)).toEqual({
      kind: 'found',
      location: inStaging,
    });
    expect(resolveBucketAddress({ account: '222222222222', bucket: 'shared-name' }, book)).toEqual({
      kind: 'found',
      location: inStaging,
    });
  });

  it('names the bot’s own account home, or by its id when known', () => {
    const home = { account: HOME_ACCOUNT, bucket: 'media-assets', region: 'us-east-1' };

    expect(resolveBucketAddress({ account: 'home', bucket: 'media-assets' }, book)).toEqual({
      kind: 'found',
      location: home,
    });
    expect(resolveBucketAddress({ account: '123456789012', bucket: 'media-assets' }, book)).toEqual({
      kind: 'found',
      location: home,
    });
  });

  it('answers an unknown account with the accounts there are', () => {
    expect(resolveBucketAddress({ account: 'prdo', bucket: 'shared-name' }, book)).toEqual({
      kind: 'unknown_account',
      account: 'prdo',
      choices: ['home', 'prod', 'staging'],
    });
  });

  it('never takes an Object.prototype property for an account', () => {
    expect(resolveBucketAddress({ account: 'constructor', bucket: 'shared-name' }, book).kind).toBe(
      'unknown_account',
    );
  });

  it('says not found, keeping the account, when no known account holds the bucket', () => {
    expect(resolveBucketAddress({ bucket: 'nowhere-bucket' }, book)).toEqual({
      kind: 'not_found',
      bucket: 'nowhere-bucket',
    });
    expect(resolveBucketAddress({ account: 'staging', bucket: 'payments-ledger' }, book)).toEqual({
      kind: 'not_found',
      bucket: 'payments-ledger',
      account: 'staging',
    });
  });

  it('counts one account once, even where a stale view lists its bucket in two regions', () => {
    const stale = {
      ...book,
      locations: [
        { account: 'prod', bucket: 'moved-bucket', region: 'eu-west-1' },
        { account: 'prod', bucket: 'moved-bucket', region: 'us-east-1' },
      ],
    };

    expect(resolveBucketAddress({ bucket: 'moved-bucket' }, stale).kind).toBe('found');
  });
});

describe('the name the bot shows', () => {
  it('is the bare name where it is unambiguous, account/bucket where another account has it too', () => {
    const [prodShared, , ledger] = book.locations;

    expect(displayNameOf(ledger!, book.locations)).toBe('payments-ledger');
    expect(displayNameOf(prodShared!, book.locations)).toBe('prod/shared-name');
  });
});
