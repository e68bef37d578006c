import { describe, expect, it } from 'vitest';
import {
  AccountUnassumableError,
  accountsOf,
  accountsSchema,
  HOME_ACCOUNT,
  requestSession,
  SWEEP_SESSION,
} from '../../../src/domain/account.js';

const prod = {
  id: '111111111111',
  roleArn: 'arn:aws:iam::111111111111:role/bucket-key',
  externalId: 'prod-3f9a7c1e5b2d4a60',
  regions: ['eu-west-1', 'us-east-1'],
  sensitive: true,
};
const staging = {
  id: '222222222222',
  roleArn: 'arn:aws:iam::222222222222:role/teams/bucket-key',
  externalId: 'staging-8c41d2e07f6b9a35',
  regions: ['eu-west-1'],
  label: 'Staging (shared)',
};

/** Each refusal as `path: message`, the way the policy check shows it. */
function refusals(section: unknown): string[] {
  const parsed = accountsSchema.safeParse(section);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the accounts section of the policy', () => {
  it('reads accounts in the policy’s order, the label falling back to the name and sensitive to false', () => {
    const parsed = accountsSchema.parse({ prod, staging });

    expect(accountsOf(parsed)).toEqual([
      { name: 'prod', ...prod, label: 'prod' },
      { name: 'staging', ...staging, sensitive: false },
    ]);
  });

  it('is empty when absent: the bot’s own account needs no entry', () => {
    expect(accountsOf(accountsSchema.parse(undefined))).toEqual([]);
  });

  it('refuses an account without a role, saying what the role is for', () => {
    const { roleArn: _, ...withoutRole } = prod;

    expect(refusals({ prod: withoutRole })).toEqual([
      'prod.roleArn: is required: the role the bot assumes in this account (deploy/target-account-role.yml)',
    ]);
  });

  it('refuses a role whose ARN is in another account than the entry’s id', () => {
    const elsewhere = { ...prod, roleArn: 'arn:aws:iam::999999999999:role/bucket-key' };

    expect(refusals({ prod: elsewhere })).toEqual([
      'prod.roleArn: is a role in account 999999999999, not in this account (111111111111)',
    ]);
  });

  it.each([
    ['a user, not a role', 'arn:aws:iam::111111111111:user/bucket-key'],
    ['another partition (Lightsail has none)', 'arn:aws-cn:iam::111111111111:role/bucket-key'],
    ['a role name over 64 characters', `arn:aws:iam::111111111111:role/${'r'.repeat(65)}`],
    ['no role name', 'arn:aws:iam::111111111111:role/'],
  ])('refuses a roleArn that is %s', (_, roleArn) => {
    expect(refusals({ prod: { ...prod, roleArn } })).toEqual([
      'prod.roleArn: must be an IAM role ARN such as arn:aws:iam::111111111111:role/bucket-key',
    ]);
  });

  it.each([
    ['id', 111111111111, 'prod.id: Invalid input'],
    ['id', '11111111111', 'prod.id: must be a 12-digit AWS account id, quoted in YAML'],
    ['externalId', 'x', 'prod.externalId: must be 2 to 1224 characters of letters, digits and +=,.@:/-'],
    [
      'externalId',
      'has space',
      'prod.externalId: must be 2 to 1224 characters of letters, digits and +=,.@:/-',
    ],
    ['regions', [], 'prod.regions: Invalid input'],
    ['regions', ['eu-west-1', 'eu-west-1'], 'prod.regions: names a region twice'],
    ['regions', ['Europe'], 'prod.regions.0: must be an AWS region such as eu-west-1'],
    ['label', 'two\nlines', 'prod.label: must be one line of 1 to 64 characters, without <>&*_~`'],
    ['label', '<!channel>', 'prod.label: must be one line of 1 to 64 characters, without <>&*_~`'],
  ])('refuses %s %j', (key, value, refusal) => {
    expect(refusals({ prod: { ...prod, [key]: value } })).toEqual([refusal]);
  });

  it('refuses keys it does not know (a typo is not silently ignored)', () => {
    const parsed = accountsSchema.safeParse({ prod: { ...prod, extrnalId: 'x' } });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['extrnalId'] });
  });

  it('refuses a second entry for one account id, naming the first', () => {
    const again = { ...prod, roleArn: 'arn:aws:iam::111111111111:role/other' };

    expect(refusals({ prod, 'prod-again': again })).toEqual([
      'prod-again.id: is also the id of accounts.prod: one entry per account',
    ]);
  });

  it.each([
    [HOME_ACCOUNT, "is the name of the bot's own account"],
    ['Prod', 'is not an account name (a-z, 0-9 and -, starting with a letter, at most 32)'],
    ['prod/eu', 'is not an account name (a-z, 0-9 and -, starting with a letter, at most 32)'],
    ['111111111111', 'is not an account name (a-z, 0-9 and -, starting with a letter, at most 32)'],
    ['x'.repeat(33), 'is not an account name (a-z, 0-9 and -, starting with a letter, at most 32)'],
  ])('refuses the account name %j', (name, message) => {
    const parsed = accountsSchema.safeParse({ [name]: prod });

    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });
});

describe('sessions in a target account', () => {
  it('name the request and the person acting, or the sweeper', () => {
    expect(requestSession('REQ-ABCDEFGH-3', 'U0123ABCD')).toEqual({
      roleSessionName: 'REQ-ABCDEFGH-3',
      sourceIdentity: 'U0123ABCD',
    });
    expect(SWEEP_SESSION).toEqual({ roleSessionName: 'sweep', sourceIdentity: 'bucket-key-sweeper' });
  });

  it('fit STS’s bounds for RoleSessionName and SourceIdentity (2-64 of [\\w+=,.@-], no aws: prefix)', () => {
    const bounds = /^[\w+=,.@-]{2,64}$/;
    for (const value of [
      SWEEP_SESSION.roleSessionName,
      SWEEP_SESSION.sourceIdentity,
      'REQ-ABCDEFGH-999999',
    ]) {
      expect(value).toMatch(bounds);
      expect(value.startsWith('aws:')).toBe(false);
    }
  });
});

describe('AccountUnassumableError', () => {
  const account = { name: 'prod', id: '111111111111', roleArn: prod.roleArn };

  it('names the account, the reason and STS’s error, and keeps the cause', () => {
    const cause = new Error('not authorized');
    const error = new AccountUnassumableError(account, 'access_denied', 'AccessDenied', 'refused', { cause });

    expect(error).toMatchObject({
      name: 'AccountUnassumableError',
      code: 'account_access_denied',
      accountName: 'prod',
      accountId: '111111111111',
      roleArn: prod.roleArn,
      awsName: 'AccessDenied',
      cause,
    });
    expect(error.transient).toBe(false);
  });

  it('counts only an unavailable STS as something that may pass by itself', () => {
    const transient = (reason: ConstructorParameters<typeof AccountUnassumableError>[1]) =>
      new AccountUnassumableError(account, reason, 'X', 'x').transient;

    expect(transient('unavailable')).toBe(true);
    for (const reason of ['access_denied', 'region_disabled', 'invalid_input', 'expired_on_arrival'] as const)
      expect(transient(reason)).toBe(false);
  });
});
