import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LightsailAccountKeyIssuers } from '../../../src/adapters/lightsail/lightsail-account-key-issuers.js';
import { LightsailKeyIssuer } from '../../../src/adapters/lightsail/lightsail-key-issuer.js';
import { StsAccountCredentials } from '../../../src/adapters/sts/sts-account-credentials.js';
import { requestSession, SWEEP_SESSION } from '../../../src/domain/account.js';
import { KeyIssuerError } from '../../../src/domain/errors.js';
import { type MotoServer, startMotoServer } from '../../../src/sandbox/aws/moto-server.js';
import { stsCallerAccount } from '../../../src/sandbox/aws/sts-caller-account.js';
import { LightsailEmulator } from '../../../src/sandbox/lightsail/lightsail-emulator.js';
import { HOME_ACCOUNT_ID } from '../../../src/sandbox/lightsail/lightsail-state.js';
import { assumeRoleCalls, BOT_CREDENTIALS, PROD, STAGING } from '../../support/accounts.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingProxy } from '../../support/recording-proxy.js';

const REGION = 'eu-west-1';

// The real LightsailClient with session credentials from the real STSClient: moto_server issues
// them, and the emulator asks moto whose they are, as IAM decides for real Lightsail.
describe('Lightsail calls in the account whose credentials made them', () => {
  let moto: MotoServer;
  let sts: RecordingProxy;
  let lightsail: LightsailEmulator;
  let accounts: LightsailAccountKeyIssuers;
  beforeAll(async () => {
    moto = await startMotoServer();
    sts = new RecordingProxy(moto.url);
    await sts.start();
    lightsail = new LightsailEmulator({ accountOf: stsCallerAccount(moto.url) });
    await lightsail.start();
    const home = LightsailKeyIssuer.withConfig({ endpoint: lightsail.url, credentials: BOT_CREDENTIALS });
    const credentials = new StsAccountCredentials(
      new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: BOT_CREDENTIALS }),
      new ManualClock(),
    );
    accounts = new LightsailAccountKeyIssuers(home, credentials);
  });
  afterAll(async () => {
    await lightsail?.stop();
    await sts?.stop();
    await moto?.stop();
  });
  beforeEach(() => {
    for (const id of [HOME_ACCOUNT_ID, PROD.id, STAGING.id]) lightsail.account(id).buckets.clear();
    lightsail.calls.length = 0;
    sts.requests.length = 0;
    lightsail.account(PROD.id).addBucket('shared-name', REGION);
    lightsail.account(STAGING.id).addBucket('shared-name', REGION);
    lightsail.state.addBucket('home-only', REGION);
  });

  const keysIn = (accountId: string) =>
    lightsail
      .account(accountId)
      .buckets.get('shared-name')
      ?.keys.map((key) => key.accessKeyId);

  it('makes a key with prod’s credentials in prod, and in no other account', async () => {
    const session = requestSession('REQ-ABCDEFGH-7', 'U0APPROVER');

    const key = await accounts.forAccount(PROD, session).createKey('shared-name', REGION);

    expect(keysIn(PROD.id)).toEqual([key.accessKeyId]);
    expect(keysIn(STAGING.id)).toEqual([]);
    expect(lightsail.state.buckets.get('shared-name')).toBeUndefined();
    expect(lightsail.calls.map((call) => [call.operation, call.account])).toEqual([
      ['CreateBucketAccessKey', PROD.id],
    ]);
    // The create went out under the session STS gave for this request and this approver.
    expect(assumeRoleCalls(sts.requests)).toEqual([
      expect.objectContaining({
        RoleArn: PROD.roleArn,
        ExternalId: PROD.externalId,
        RoleSessionName: 'REQ-ABCDEFGH-7',
        SourceIdentity: 'U0APPROVER',
      }),
    ]);
  });

  it('lists and deletes in the account asked for: staging sees none of prod’s keys, prod revokes its own', async () => {
    const session = requestSession('REQ-ABCDEFGH-8', 'U0APPROVER');
    const inProd = accounts.forAccount(PROD, session);
    const key = await inProd.createKey('shared-name', REGION);

    const stagingKeys = await accounts.forAccount(STAGING, SWEEP_SESSION).listKeys('shared-name', REGION);
    const prodKeys = await accounts.forAccount(PROD, SWEEP_SESSION).listKeys('shared-name', REGION);
    await accounts.forAccount(PROD, SWEEP_SESSION).deleteKey('shared-name', REGION, key.accessKeyId);

    expect(stagingKeys).toEqual([]);
    expect(prodKeys.map((k) => k.accessKeyId)).toEqual([key.accessKeyId]);
    expect(keysIn(PROD.id)).toEqual([]);
  });

  it('lists each account’s own buckets', async () => {
    lightsail.account(PROD.id).addBucket('prod-ledger', REGION);

    const prod = await accounts.forAccount(PROD, SWEEP_SESSION).listBuckets(REGION);
    const staging = await accounts.forAccount(STAGING, SWEEP_SESSION).listBuckets(REGION);
    const home = await accounts.forAccount(undefined, SWEEP_SESSION).listBuckets(REGION);

    expect(prod.sort()).toEqual(['prod-ledger', 'shared-name']);
    expect(staging).toEqual(['shared-name']);
    expect(home).toEqual(['home-only']);
  });

  it('keeps the bot’s own account as before: its own credentials, no role assumed', async () => {
    const home = accounts.forAccount(undefined, requestSession('REQ-ABCDEFGH-9', 'U0APPROVER'));

    const key = await home.createKey('home-only', REGION);
    const missing = home.listKeys('shared-name', REGION);

    expect(lightsail.state.buckets.get('home-only')?.keys.map((k) => k.accessKeyId)).toEqual([
      key.accessKeyId,
    ]);
    await expect(missing).rejects.toBeInstanceOf(KeyIssuerError);
    await expect(missing).rejects.toMatchObject({ reason: 'bucket_not_found' });
    expect(assumeRoleCalls(sts.requests)).toEqual([]);
  });

  it('asks STS once for a session’s calls, however many it makes', async () => {
    const session = requestSession('REQ-ABCDEFGH-10', 'U0APPROVER');
    const inStaging = accounts.forAccount(STAGING, session);

    await inStaging.listBuckets(REGION);
    await inStaging.listKeys('shared-name', REGION);
    await accounts.forAccount(STAGING, session).listKeys('shared-name', REGION);

    expect(assumeRoleCalls(sts.requests)).toHaveLength(1);
  });
});
