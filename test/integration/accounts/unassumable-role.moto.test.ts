import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerlessYml } from '../../../bench/deployed-functions.js';
import { LightsailAccountKeyIssuers } from '../../../src/adapters/lightsail/lightsail-account-key-issuers.js';
import { LightsailKeyIssuer } from '../../../src/adapters/lightsail/lightsail-key-issuer.js';
import { StsAccountCredentials } from '../../../src/adapters/sts/sts-account-credentials.js';
import { type Account, AccountUnassumableError, requestSession } from '../../../src/domain/account.js';
import { type MotoServer, startMotoServer } from '../../../src/sandbox/aws/moto-server.js';
import { LightsailEmulator } from '../../../src/sandbox/lightsail/lightsail-emulator.js';
import { BOT_CREDENTIALS, PROD, STAGING } from '../../support/accounts.js';
import { ManualClock } from '../../support/manual-clock.js';

/** An account in the policy whose role the deploy did not list in targetAccountRoleArns. */
const LEGACY: Account = {
  ...STAGING,
  name: 'legacy',
  id: '333333333333',
  roleArn: 'arn:aws:iam::333333333333:role/bucket-key',
  label: 'legacy',
};

/**
 * The bot's own side of the trust, as serverless.yml grants it, with the listed ARNs in place of the
 * deploy parameter: moto_server, with its IAM checks on, decides what the worker may assume.
 */
function workerPolicyFromServerlessYml(listed: readonly string[]): string {
  const policy = readServerlessYml().resources.Resources.TargetAccountsPolicy.Properties.PolicyDocument;
  const statements = policy.Statement.map((statement: { Resource: unknown }) => ({
    ...statement,
    Resource: [...listed],
  }));
  return JSON.stringify({ ...policy, Statement: statements });
}

describe('an account whose role cannot be assumed (moto_server checking IAM)', () => {
  let moto: MotoServer;
  let lightsail: LightsailEmulator;
  let accounts: StsAccountCredentials;
  let keys: LightsailAccountKeyIssuers;
  beforeAll(async () => {
    moto = await startMotoServer();
    const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.url, credentials: BOT_CREDENTIALS });
    await iam.send(new CreateUserCommand({ UserName: 'bucket-key-worker' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'bucket-key-worker',
        PolicyName: 'assume-target-account-roles',
        PolicyDocument: workerPolicyFromServerlessYml([PROD.roleArn, STAGING.roleArn]),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bucket-key-worker' }))).AccessKey;
    await moto.enforceIam();
    const worker = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
    accounts = new StsAccountCredentials(
      new STSClient({ region: 'us-east-1', endpoint: moto.url, credentials: worker, maxAttempts: 1 }),
      new ManualClock(),
    );
    lightsail = new LightsailEmulator();
    await lightsail.start();
    lightsail.state.addBucket('legacy-bucket', 'eu-west-1');
    const home = LightsailKeyIssuer.withConfig({ endpoint: lightsail.url, credentials: BOT_CREDENTIALS });
    keys = new LightsailAccountKeyIssuers(home, accounts);
  });
  afterAll(async () => {
    await lightsail?.stop();
    await moto?.stop();
  });

  it('is a typed refusal naming the account, which no retry will change', async () => {
    const refused = accounts.credentialsFor(LEGACY, requestSession('REQ-ABCDEFGH-4', 'U0APPROVER'));

    await expect(refused).rejects.toBeInstanceOf(AccountUnassumableError);
    await expect(refused).rejects.toMatchObject({
      reason: 'access_denied',
      awsName: 'AccessDenied',
      transient: false,
      accountName: 'legacy',
      accountId: LEGACY.id,
      roleArn: LEGACY.roleArn,
    });
  });

  it('refuses only that account: the listed accounts’ roles are assumed as before', async () => {
    const session = requestSession('REQ-ABCDEFGH-5', 'U0APPROVER');

    await expect(accounts.credentialsFor(LEGACY, session)).rejects.toBeInstanceOf(AccountUnassumableError);
    const prod = await accounts.credentialsFor(PROD, session);
    const staging = await accounts.credentialsFor(STAGING, session);

    expect(prod.accessKeyId).toMatch(/^ASIA/);
    expect(staging.accessKeyId).toMatch(/^ASIA/);
  });

  it('reaches the key issuer’s caller as itself, and nothing reaches Lightsail', async () => {
    const inLegacy = keys.forAccount(LEGACY, requestSession('REQ-ABCDEFGH-6', 'U0APPROVER'));

    const create = inLegacy.createKey('legacy-bucket', 'eu-west-1');

    await expect(create).rejects.toBeInstanceOf(AccountUnassumableError);
    await expect(create).rejects.toMatchObject({ accountName: 'legacy', reason: 'access_denied' });
    expect(lightsail.calls).toEqual([]);
    expect(lightsail.state.buckets.get('legacy-bucket')?.keys).toEqual([]);
  });
});
