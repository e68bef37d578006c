import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StsAccountCredentials } from '../../../src/adapters/sts/sts-account-credentials.js';
import { loadConfig } from '../../../src/config.js';
import { AccountUnassumableError, requestSession, SWEEP_SESSION } from '../../../src/domain/account.js';
import { createAccountCredentials } from '../../../src/entrypoints/build-accounts.js';
import type { SessionCredentials } from '../../../src/ports/account-credentials.js';
import { type MotoServer, startMotoServer } from '../../../src/sandbox/aws/moto-server.js';
import { assumeRoleCalls, BOT_CREDENTIALS, motoAssumedRoles, PROD, STAGING } from '../../support/accounts.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingProxy } from '../../support/recording-proxy.js';

// STS through the real STSClient against moto_server; a recording proxy in front of it shows what
// went over the wire, since moto keeps no record of SourceIdentity.
describe('StsAccountCredentials against moto_server', () => {
  let moto: MotoServer;
  let proxy: RecordingProxy;
  beforeAll(async () => {
    moto = await startMotoServer();
    proxy = new RecordingProxy(moto.url);
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });
  afterEach(() => {
    proxy.requests.length = 0;
  });

  const credentialsVia = (clock = new ManualClock()) =>
    new StsAccountCredentials(
      new STSClient({
        region: 'us-east-1',
        endpoint: proxy.url,
        credentials: BOT_CREDENTIALS,
        maxAttempts: 1,
      }),
      clock,
    );
  const callerOf = async (credentials: SessionCredentials) => {
    const sts = new STSClient({ region: 'us-east-1', endpoint: moto.url, credentials });
    return sts.send(new GetCallerIdentityCommand({}));
  };

  it('assumes the account’s role with its ExternalId, the request id as session and the actor as source identity', async () => {
    const credentials = await credentialsVia().credentialsFor(
      PROD,
      requestSession('REQ-ABCDEFGH-1', 'U0REQUESTER'),
    );

    // Over the wire: every parameter CloudTrail will show in the target account.
    expect(assumeRoleCalls(proxy.requests)).toEqual([
      expect.objectContaining({
        RoleArn: PROD.roleArn,
        ExternalId: PROD.externalId,
        RoleSessionName: 'REQ-ABCDEFGH-1',
        SourceIdentity: 'U0REQUESTER',
      }),
    ]);
    // What moto recorded, and who the credentials are: the role's session in the target account.
    const recorded = (await motoAssumedRoles(moto.url)).find(
      (r) => r.access_key_id === credentials.accessKeyId,
    );
    expect(recorded).toMatchObject({
      account_id: PROD.id,
      external_id: PROD.externalId,
      session_name: 'REQ-ABCDEFGH-1',
    });
    const caller = await callerOf(credentials);
    expect(caller.Account).toBe(PROD.id);
    expect(caller.Arn).toBe(`arn:aws:sts::${PROD.id}:assumed-role/bucket-key/REQ-ABCDEFGH-1`);
  });

  it('names the sweeper’s session `sweep`, with the sweeper’s own source identity', async () => {
    await credentialsVia().credentialsFor(STAGING, SWEEP_SESSION);

    expect(assumeRoleCalls(proxy.requests)).toEqual([
      expect.objectContaining({
        RoleArn: STAGING.roleArn,
        ExternalId: STAGING.externalId,
        RoleSessionName: 'sweep',
        SourceIdentity: 'bucket-key-sweeper',
      }),
    ]);
  });

  it('reuses a session’s credentials, and assumes anew for another session or another account', async () => {
    const accounts = credentialsVia();
    const session = requestSession('REQ-ABCDEFGH-2', 'U0APPROVER');

    const first = await accounts.credentialsFor(PROD, session);
    const again = await accounts.credentialsFor(PROD, session);
    const otherSession = await accounts.credentialsFor(PROD, requestSession('REQ-ABCDEFGH-3', 'U0APPROVER'));
    const otherAccount = await accounts.credentialsFor(STAGING, session);

    expect(again).toEqual(first);
    expect(otherSession.accessKeyId).not.toBe(first.accessKeyId);
    expect((await callerOf(otherAccount)).Account).toBe(STAGING.id);
    expect(assumeRoleCalls(proxy.requests).map((call) => [call.RoleArn, call.RoleSessionName])).toEqual([
      [PROD.roleArn, 'REQ-ABCDEFGH-2'],
      [PROD.roleArn, 'REQ-ABCDEFGH-3'],
      [STAGING.roleArn, 'REQ-ABCDEFGH-2'],
    ]);
  });

  it('shares one AssumeRole among callers that ask at the same time', async () => {
    const accounts = credentialsVia();

    const all = await Promise.all(
      Array.from({ length: 5 }, () => accounts.credentialsFor(PROD, SWEEP_SESSION)),
    );

    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(assumeRoleCalls(proxy.requests)).toHaveLength(1);
  });

  it('keeps credentials until five minutes before they expire, then assumes the role again', async () => {
    const clock = new ManualClock();
    const accounts = credentialsVia(clock);
    const first = await accounts.credentialsFor(PROD, SWEEP_SESSION);
    const untilRefresh = first.expiration.getTime() - 5 * 60_000 - clock.now().getTime();

    clock.advance(untilRefresh - 1000);
    const stillCached = await accounts.credentialsFor(PROD, SWEEP_SESSION);
    clock.advance(1000);
    const refreshed = await accounts.credentialsFor(PROD, SWEEP_SESSION);

    expect(stillCached.accessKeyId).toBe(first.accessKeyId);
    expect(refreshed.accessKeyId).not.toBe(first.accessKeyId);
    expect(assumeRoleCalls(proxy.requests)).toHaveLength(2);
  });

  it('never hands out credentials that have expired: past expiry it assumes again', async () => {
    const clock = new ManualClock();
    const accounts = credentialsVia(clock);
    const first = await accounts.credentialsFor(PROD, SWEEP_SESSION);

    clock.advance(first.expiration.getTime() - clock.now().getTime() + 1);
    const after = await accounts.credentialsFor(PROD, SWEEP_SESSION);

    expect(after.accessKeyId).not.toBe(first.accessKeyId);
    expect(after.expiration.getTime()).toBeGreaterThan(first.expiration.getTime());
  });

  it('refuses credentials that arrive already expired by its clock, and keeps none of them', async () => {
    const clock = new ManualClock(Date.now() + 2 * 3_600_000);
    const accounts = credentialsVia(clock);

    const refused = accounts.credentialsFor(PROD, SWEEP_SESSION);

    await expect(refused).rejects.toBeInstanceOf(AccountUnassumableError);
    await expect(accounts.credentialsFor(PROD, SWEEP_SESSION)).rejects.toMatchObject({
      reason: 'expired_on_arrival',
      accountName: 'prod',
    });
    expect(assumeRoleCalls(proxy.requests)).toHaveLength(2);
  });

  it('reports an STS that fails as unavailable (it may pass), and caches no failure', async () => {
    const accounts = credentialsVia();
    proxy.failNext(503, '<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>');

    const failed = accounts.credentialsFor(PROD, SWEEP_SESSION);

    await expect(failed).rejects.toMatchObject({
      name: 'AccountUnassumableError',
      reason: 'unavailable',
      transient: true,
      accountId: PROD.id,
    });
    expect((await accounts.credentialsFor(PROD, SWEEP_SESSION)).accessKeyId).toMatch(/^ASIA/);
  });
});

describe('the STS endpoint the bot calls', () => {
  let moto: MotoServer;
  let proxy: RecordingProxy;
  const SDK_VARIABLES = ['AWS_ENDPOINT_URL_STS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  const saved = Object.fromEntries(SDK_VARIABLES.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    moto = await startMotoServer();
    proxy = new RecordingProxy(moto.url);
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });
  afterEach(() => {
    for (const name of SDK_VARIABLES)
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    proxy.requests.length = 0;
  });
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 's',
    APPROVAL_CHANNEL_ID: 'C0123',
    APPROVER_IDS: 'U0A',
  };

  it('is STS_ENDPOINT when set, with local credentials as for the other endpoint overrides', async () => {
    const config = loadConfig({ ...env, STS_ENDPOINT: proxy.url });

    await createAccountCredentials(config, new ManualClock()).credentialsFor(PROD, SWEEP_SESSION);

    expect(assumeRoleCalls(proxy.requests)).toHaveLength(1);
    expect(String(proxy.requests[0]?.headers.authorization)).toContain('Credential=local/');
  });

  it('is the SDK’s own AWS_ENDPOINT_URL_STS when STS_ENDPOINT is unset', async () => {
    // The SDK reads these from the process's environment, as it would on Lambda.
    process.env.AWS_ENDPOINT_URL_STS = proxy.url;
    process.env.AWS_ACCESS_KEY_ID = BOT_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = BOT_CREDENTIALS.secretAccessKey;
    const config = loadConfig(env);

    await createAccountCredentials(config, new ManualClock()).credentialsFor(PROD, SWEEP_SESSION);

    expect(config.aws.stsEndpoint).toBeUndefined();
    expect(assumeRoleCalls(proxy.requests)).toHaveLength(1);
    expect(String(proxy.requests[0]?.headers.authorization)).toContain(
      `Credential=${BOT_CREDENTIALS.accessKeyId}/`,
    );
  });

  it('is STS_ENDPOINT over AWS_ENDPOINT_URL_STS when both are set', async () => {
    process.env.AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9/never';
    const config = loadConfig({ ...env, STS_ENDPOINT: proxy.url });

    await createAccountCredentials(config, new ManualClock()).credentialsFor(PROD, SWEEP_SESSION);

    expect(assumeRoleCalls(proxy.requests)).toHaveLength(1);
  });
});
