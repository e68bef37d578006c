import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/domain/errors.js';
import { loadPolicyFile } from '../../src/policy-file.js';

const minimal = {
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_BOT_TOKEN: 'xoxb-1',
  APPROVAL_CHANNEL_ID: 'C0123456789',
  APPROVER_IDS: 'U01, S02 ,W03',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      aws: { region: 'us-east-1' },
      tables: { requests: 'bucket-key-requests', audit: 'bucket-key-audit' },
      approverIds: ['U01', 'S02', 'W03'],
      auditorIds: [],
      approvalTtlMs: 24 * 3_600_000,
      pendingTtlMs: 24 * 3_600_000,
      logLevel: 'INFO',
      port: 3000,
    });
    expect(config.keyMaxAgeMs).toBe(90 * 86_400_000);
    expect(config.slack.apiUrl).toBeUndefined();
    // Key lifecycle
    expect(config).toMatchObject({ rotationGraceMs: 24 * 3_600_000, expiryWarningMs: 3 * 86_400_000 });
    expect(config.idleMaxMs).toBeUndefined();
  });

  it('reads ROTATION_GRACE, KEY_EXPIRY_WARNING and KEY_IDLE_MAX', () => {
    const config = loadConfig({
      ...minimal,
      ROTATION_GRACE: '2h',
      KEY_EXPIRY_WARNING: '1d',
      KEY_IDLE_MAX: '90d',
    });
    expect(config).toMatchObject({
      rotationGraceMs: 2 * 3_600_000,
      expiryWarningMs: 86_400_000,
      idleMaxMs: 90 * 86_400_000,
    });
  });

  it('names every missing variable', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(
      /SLACK_SIGNING_SECRET is required.*SLACK_BOT_TOKEN is required.*APPROVAL_CHANNEL_ID is required/,
    );
  });

  it.each([
    ['APPROVAL_TTL', '1 day', /APPROVAL_TTL "1 day" is not a duration/],
    ['APPROVER_IDS', 'bob', /APPROVER_IDS must be a comma-separated list/],
    ['APPROVAL_CHANNEL_ID', '#approvals', /APPROVAL_CHANNEL_ID must be a Slack channel id/],
    ['AWS_REGION', 'Frankfurt', /AWS_REGION must be an AWS region/],
    ['LOG_LEVEL', 'chatty', /LOG_LEVEL/],
    ['PORT', '70000', /PORT/],
    ['SLACK_API_URL', 'not a url', /SLACK_API_URL/],
    ['KEY_MAX_AGE', 'forever', /KEY_MAX_AGE "forever" is not a duration/],
    ['ROTATION_GRACE', 'a while', /ROTATION_GRACE "a while" is not a duration/],
    ['KEY_EXPIRY_WARNING', '3 days', /KEY_EXPIRY_WARNING "3 days" is not a duration/],
    ['KEY_IDLE_MAX', 'never', /KEY_IDLE_MAX "never" is not a duration/],
    ['KEY_MAX_AGE', '999999w', /KEY_MAX_AGE "999999w" is longer than 10 years/],
    ['PENDING_TTL', '3651d', /PENDING_TTL "3651d" is longer than 10 years/],
  ])('rejects a malformed %s, naming it', (name, value, message) => {
    expect(() => loadConfig({ ...minimal, [name]: value })).toThrow(message);
  });

  it('reads and validates the policy file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const good = join(dir, 'good.yml');
    writeFileSync(
      good,
      'restrictToListedBuckets: true\nbuckets:\n  media-assets:\n    region: eu-west-1\n    approvers: [U0APPROVER]\n    keyMaxAge: 30d\n',
    );
    expect(loadConfig({ ...minimal, BUCKET_KEY_POLICY: good }).policyPath).toBe(good);
    expect(loadPolicyFile(good).buckets['media-assets']).toEqual({
      region: 'eu-west-1',
      approvers: ['U0APPROVER'],
      keyMaxAge: '30d',
    });
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'buckets:\n  Bad_Name:\n    approvers: []\n');
    expect(() => loadPolicyFile(bad)).toThrow(/BUCKET_KEY_POLICY .*bad\.yml: buckets\.Bad_Name/);
    expect(() => loadPolicyFile(join(dir, 'missing.yml'))).toThrow(/cannot read/);
  });
});
