import { afterAll, describe, expect, it } from 'vitest';
import { checkPolicy, defaultsFromEnv } from '../../../scripts/policy-check.js';
import { parseCommand } from '../../../src/domain/command.js';
import { InvalidCommandError } from '../../../src/domain/errors.js';
import { policyHash } from '../../../src/domain/policy-document.js';
import { policyFiles } from '../../support/policy-file.js';

const files = policyFiles();
afterAll(() => files.cleanup());

describe('npm run policy:check', () => {
  it('prints what the policy says of every bucket, and of any other when unlisted buckets may be requested', () => {
    const text = 'buckets:\n  media-assets:\n    approvers: [S0MEDIA]\n    approvalsRequired: 2\n';
    const path = files.write(text);

    const result = checkPolicy([path], { APPROVER_IDS: 'U0ALEX' });

    expect(result.code).toBe(0);
    expect(result.lines[0]).toBe(
      `${path}: valid · sha256 ${policyHash(text)} · ${text.length} bytes, fits SSM's standard tier`,
    );
    expect(result.lines).toContain('media-assets');
    expect(result.lines).toContain('  Who approves: S0MEDIA');
    expect(result.lines).toContain('  Quorum: 2 distinct approvers, none of them the requester');
    expect(result.lines).toContain('(any other bucket)');
    expect(result.lines).toContain(
      '  Who approves: U0ALEX (APPROVER_IDS: the bucket names no approvers of its own)',
    );
  });

  it('exits 1 on an invalid policy, naming the path of each fault as the bot does', () => {
    const path = files.write('buckets:\n  media-assets:\n    aprovers: [U0ALEX]\n');

    const result = checkPolicy([path], {});

    expect(result.code).toBe(1);
    expect(result.lines[0]).toBe(`${path}: invalid`);
    expect(result.lines[1]).toMatch(
      /^ {2}buckets\.media-assets\.aprovers: is not a policy key \(did you mean `approvers`\?\)/,
    );
  });

  it('checks approvers against APPROVER_IDS when given, and says so when not', () => {
    const path = files.write('approvalsRequired: 2\n');
    expect(checkPolicy([path], { APPROVER_IDS: 'U0ALEX' }).code).toBe(1);
    const unchecked = checkPolicy([path], {});
    expect(unchecked.code).toBe(0);
    expect(unchecked.lines[1]).toContain('APPROVER_IDS is not set here');
  });

  it('exits 2 on a missing file, a bad variable or a bad invocation', () => {
    expect(checkPolicy(['/nonexistent/policy.yml'], {}).code).toBe(2);
    expect(checkPolicy([files.write('{}')], { APPROVER_IDS: 'alex' })).toMatchObject({
      code: 2,
      lines: [expect.stringContaining('APPROVER_IDS: alex is not a Slack user id')],
    });
    expect(checkPolicy([], {}).lines).toEqual(['usage: npm run policy:check -- <policy.yml>']);
  });
});

describe('/bucket-key policy grammar', () => {
  it('reads policy, policy explain <bucket> and policy explain <bucket> @user', () => {
    expect(parseCommand('policy')).toEqual({ name: 'policy' });
    expect(parseCommand('policy explain media-assets')).toEqual({
      name: 'policyExplain',
      bucket: 'media-assets',
    });
    expect(parseCommand('POLICY EXPLAIN media-assets <@U0SAM|sam>')).toEqual({
      name: 'policyExplain',
      bucket: 'media-assets',
      userId: 'U0SAM',
    });
  });

  it.each([
    ['policy show', 'Usage: `/bucket-key policy`'],
    ['policy explain', 'Usage: `/bucket-key policy`'],
    ['policy explain Bad_Bucket', 'is not a valid Lightsail bucket name'],
    ['policy explain media-assets sam', 'is not a @mention'],
    ['policy explain media-assets <@U0SAM> extra', 'Usage: `/bucket-key policy`'],
  ])('refuses %j with a message saying why', (text, why) => {
    expect(() => parseCommand(text)).toThrow(InvalidCommandError);
    expect(() => parseCommand(text)).toThrow(why);
  });
});

describe('the defaults policy:check builds on', () => {
  it('reads KEY_MAX_AGE as the bot does: 90 days unless set, none for no limit', () => {
    expect(defaultsFromEnv({})).toMatchObject({ keyMaxAgeMs: 90 * 86_400_000 });
    expect(defaultsFromEnv({ KEY_MAX_AGE: '7d' })).toMatchObject({ keyMaxAgeMs: 7 * 86_400_000 });
    expect(defaultsFromEnv({ KEY_MAX_AGE: 'none' })).not.toHaveProperty('keyMaxAgeMs');
    expect(defaultsFromEnv({ KEY_MAX_AGE: 'forever' })).toMatch(/KEY_MAX_AGE/);
  });
});
