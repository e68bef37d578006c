import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/domain/errors.js';

const minimal = {
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_BOT_TOKEN: 'xoxb-1',
  APPROVAL_CHANNEL_ID: 'C0123',
  APPROVER_IDS: 'U0123',
};

describe('the policy variables', () => {
  it('names the parameter and reuses a read for POLICY_CACHE_SECONDS, 60 unless set (blank is unset)', () => {
    const config = loadConfig({ ...minimal, BUCKET_KEY_POLICY_PARAM: '/bucket-key/prod/policy' });
    expect(config).toMatchObject({ policyParameter: '/bucket-key/prod/policy', policyCacheSeconds: 60 });
    expect(loadConfig({ ...minimal, POLICY_CACHE_SECONDS: '0' }).policyCacheSeconds).toBe(0);
    expect(loadConfig({ ...minimal, POLICY_CACHE_SECONDS: '' }).policyCacheSeconds).toBe(60);
    expect(loadConfig({ ...minimal, SSM_ENDPOINT: 'http://127.0.0.1:4583' }).aws.ssmEndpoint).toBe(
      'http://127.0.0.1:4583',
    );
  });

  it.each([
    [
      { POLICY_CACHE_SECONDS: '1m' },
      'POLICY_CACHE_SECONDS must be a whole number of seconds from 0 to 86400',
    ],
    [
      { POLICY_CACHE_SECONDS: '-5' },
      'POLICY_CACHE_SECONDS must be a whole number of seconds from 0 to 86400',
    ],
    [{ BUCKET_KEY_POLICY_PARAM: 'has spaces' }, 'BUCKET_KEY_POLICY_PARAM must be an SSM parameter name'],
    [
      { BUCKET_KEY_POLICY: 'policy.yml', BUCKET_KEY_POLICY_PARAM: '/p' },
      'BUCKET_KEY_POLICY and BUCKET_KEY_POLICY_PARAM are both set',
    ],
  ])('refuses %j at start, naming the variable', (extra, message) => {
    expect(() => loadConfig({ ...minimal, ...extra })).toThrow(ConfigError);
    expect(() => loadConfig({ ...minimal, ...extra })).toThrow(message);
  });
});

describe('KEY_MAX_AGE', () => {
  it('is 90 days unless set, none for keys that live until revoked, and refuses anything else', () => {
    expect(loadConfig(minimal).keyMaxAgeMs).toBe(90 * 86_400_000);
    expect(loadConfig({ ...minimal, KEY_MAX_AGE: '' }).keyMaxAgeMs).toBe(90 * 86_400_000);
    expect(loadConfig({ ...minimal, KEY_MAX_AGE: '7d' }).keyMaxAgeMs).toBe(7 * 86_400_000);
    expect(loadConfig({ ...minimal, KEY_MAX_AGE: 'none' })).not.toHaveProperty('keyMaxAgeMs');
    expect(() => loadConfig({ ...minimal, KEY_MAX_AGE: 'forever' })).toThrow(/KEY_MAX_AGE/);
  });
});
