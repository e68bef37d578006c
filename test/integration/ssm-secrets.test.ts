import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { withSecretsFromSsm } from '../../src/adapters/secrets/ssm-secrets.js';
import { ConfigError } from '../../src/domain/errors.js';
import { SsmStandIn } from '../../src/sandbox/aws/ssm-standin.js';

const SIGNING = '/bucket-key/test/slack-signing-secret';
const TOKEN = '/bucket-key/test/slack-bot-token';

describe('Slack secrets from SSM, through Powertools and the real SSM client', () => {
  const ssm = new SsmStandIn();
  let env: Record<string, string>;
  beforeAll(async () => {
    await ssm.start();
    // The SDK client takes its region and credentials from the process, as on Lambda.
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    env = {
      SSM_ENDPOINT: ssm.url,
      SLACK_SIGNING_SECRET_PARAM: SIGNING,
      SLACK_BOT_TOKEN_PARAM: TOKEN,
      // Each test reads afresh; the cache is tested on its own below.
      SECRETS_CACHE_SECONDS: '0',
    };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await ssm.stop();
  });
  beforeEach(() => {
    ssm.calls.length = 0;
    ssm.parameters.set(SIGNING, 'signing-secret-1');
    ssm.parameters.set(TOKEN, 'xoxb-token-1');
  });

  it('reads the secrets asked for in one decrypted GetParameters', async () => {
    const filled = await withSecretsFromSsm(env, ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN']);

    expect(filled).toMatchObject({
      SLACK_SIGNING_SECRET: 'signing-secret-1',
      SLACK_BOT_TOKEN: 'xoxb-token-1',
    });
    expect(ssm.calls).toEqual([{ names: [SIGNING, TOKEN], decrypt: true }]);
  });

  it('reads only what is asked for, and nothing already in the environment', async () => {
    const filled = await withSecretsFromSsm(env, ['SLACK_BOT_TOKEN']);
    expect(filled.SLACK_SIGNING_SECRET).toBeUndefined();
    expect(ssm.calls.map((call) => call.names)).toEqual([[TOKEN]]);

    ssm.calls.length = 0;
    const local = { ...env, SLACK_SIGNING_SECRET: 'from-env', SLACK_BOT_TOKEN: 'xoxb-from-env' };
    expect(await withSecretsFromSsm(local, ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'])).toMatchObject({
      SLACK_SIGNING_SECRET: 'from-env',
      SLACK_BOT_TOKEN: 'xoxb-from-env',
    });
    expect(ssm.calls).toEqual([]);
  });

  it('names the variable and the parameter it could not read', async () => {
    ssm.parameters.delete(TOKEN);

    const reading = withSecretsFromSsm(env, ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN']);

    await expect(reading).rejects.toBeInstanceOf(ConfigError);
    await expect(reading).rejects.toThrow(`SLACK_BOT_TOKEN: cannot read SSM parameter ${TOKEN}`);
  });

  it('keeps what it read for SECRETS_CACHE_SECONDS, and reads every time at 0', async () => {
    const cached = { ...env, SECRETS_CACHE_SECONDS: '300' };
    const signingSecret = async (from: Record<string, string>) =>
      (await withSecretsFromSsm(from, ['SLACK_SIGNING_SECRET'])).SLACK_SIGNING_SECRET;
    expect(await signingSecret(env)).toBe('signing-secret-1');
    ssm.parameters.set(SIGNING, 'signing-secret-2');

    expect(await signingSecret(cached)).toBe('signing-secret-1');
    expect(ssm.calls).toHaveLength(1);

    // Powertools' own batch read would keep it 5 s; 0 means every invocation reads.
    expect(await signingSecret(env)).toBe('signing-secret-2');
    ssm.parameters.set(SIGNING, 'signing-secret-3');
    expect(await signingSecret(env)).toBe('signing-secret-3');
    expect(ssm.calls).toHaveLength(3);
  });

  it('refuses a cache time that is not a whole number of seconds, before reading', async () => {
    await expect(
      withSecretsFromSsm({ ...env, SECRETS_CACHE_SECONDS: '5m' }, ['SLACK_SIGNING_SECRET']),
    ).rejects.toThrow('SECRETS_CACHE_SECONDS must be a whole number of seconds');
    expect(ssm.calls).toEqual([]);
  });
});

describe('SSM stand-in: GetParameters as SSM answers it', () => {
  const ssm = new SsmStandIn();
  let client: SSMClient;
  beforeAll(async () => {
    await ssm.start();
    ssm.parameters.set('/known', 'value');
    client = new SSMClient({
      region: 'us-east-1',
      endpoint: ssm.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await ssm.stop();
  });

  it('lists unknown names under InvalidParameters, and returns a SecureString only decrypted on request', async () => {
    const decrypted = await client.send(
      new GetParametersCommand({ Names: ['/known', '/unknown'], WithDecryption: true }),
    );
    expect(decrypted.Parameters?.map((p) => [p.Name, p.Value])).toEqual([['/known', 'value']]);
    expect(decrypted.InvalidParameters).toEqual(['/unknown']);

    const encrypted = await client.send(new GetParametersCommand({ Names: ['/known'] }));
    expect(encrypted.Parameters?.[0]?.Value).not.toBe('value');
  });

  it('answers GetParameter for one name with its version, a SecureString only decrypted on request', async () => {
    const decrypted = await client.send(new GetParameterCommand({ Name: '/known', WithDecryption: true }));
    expect(decrypted.Parameter).toMatchObject({
      Name: '/known',
      Value: 'value',
      Version: 1,
      Type: 'SecureString',
    });
    const encrypted = await client.send(new GetParameterCommand({ Name: '/known' }));
    expect(encrypted.Parameter?.Value).not.toBe('value');
  });

  it('refuses more than ten names with a ValidationException', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/p${i}`);
    await expect(client.send(new GetParametersCommand({ Names: names }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
