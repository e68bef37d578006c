import { describe, expect, it } from 'vitest';
import { reasonShortfall, reminderDueAt } from '../../../src/domain/approval-rules.js';
import { parseCommand } from '../../../src/domain/command.js';
import { Policy, policyFileSchema } from '../../../src/domain/policy.js';

const defaults = { region: 'us-east-1', approvers: ['U0DEFAULT'] };
const HOUR = 3_600_000;

describe('approval rules in the policy file', () => {
  it('applies built-in defaults: one approval, no break-glass, no reminders, no reason needed', () => {
    expect(new Policy(defaults).approvalRulesFor('any-bucket')).toEqual({
      approvalsRequired: 1,
      reasonRequired: false,
      reasonMinLength: 1,
    });
  });

  it('takes a bucket’s own keys over the file’s top-level ones', () => {
    const file = policyFileSchema.parse({
      approvalsRequired: 2,
      reminders: { after: '1h' },
      buckets: {
        'media-assets': { approvalsRequired: 3, breakGlass: { allowed: ['S0ONCALL'] }, reasonMinLength: 10 },
        'other-one': {},
      },
    });
    const policy = new Policy(defaults, file);
    expect(policy.approvalRulesFor('media-assets')).toEqual({
      approvalsRequired: 3,
      breakGlass: { allowed: ['S0ONCALL'], maxPerDay: 1, keyMaxAgeMs: 4 * HOUR },
      reminders: { afterMs: HOUR, times: 3, escalateTo: [] },
      reasonRequired: true,
      reasonMinLength: 10,
    });
    expect(policy.approvalRulesFor('other-one').approvalsRequired).toBe(2);
  });

  it.each([
    [{ approvalsRequired: 0 }, 'approvalsRequired'],
    [{ breakGlass: { allowed: [] } }, 'breakGlass.allowed'],
    [{ breakGlass: { allowed: ['U0ONE'], keyMaxAge: 'soon' } }, 'breakGlass.keyMaxAge'],
    [{ reminders: { after: '1h', escalateTo: ['nobody'] } }, 'reminders.escalateTo.0'],
    [{ reminders: { after: '1h', every: '2h' } }, 'reminders'],
  ])('refuses %j at %s', (rules, path) => {
    const parsed = policyFileSchema.safeParse({ buckets: { 'media-assets': rules } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.slice(2).join('.'))).toContain(path);
  });
});

describe('reasons and reminders', () => {
  const rules = new Policy(defaults).approvalRulesFor('x-bucket');
  it('names the rule a reason falls short of', () => {
    expect(reasonShortfall(rules, '')).toBeUndefined();
    const strict = { ...rules, reasonRequired: true, reasonMinLength: 8 };
    expect(reasonShortfall(strict, '  ')).toContain('reasonRequired');
    expect(reasonShortfall(strict, 'restore')).toContain('reasonMinLength');
    expect(reasonShortfall(strict, 'restore!')).toBeUndefined();
  });

  it('doubles each wait between reminders', () => {
    const start = '2025-01-01T00:00:00.000Z';
    const reminders = { afterMs: HOUR, times: 3, escalateTo: [] };
    expect(
      [1, 2, 3].map((n) => (reminderDueAt(start, reminders, n).getTime() - Date.parse(start)) / HOUR),
    ).toEqual([1, 3, 7]);
  });
});

describe('create --break-glass', () => {
  it('reads the flag after the bucket, and the reason after the flag', () => {
    expect(parseCommand('create media-assets --break-glass prod is down')).toEqual({
      name: 'create',
      bucket: 'media-assets',
      reason: 'prod is down',
      breakGlass: true,
    });
    expect(parseCommand('create media-assets --break-glass')).toEqual({
      name: 'create',
      bucket: 'media-assets',
      reason: '',
      breakGlass: true,
    });
    // Only as its own word right after the bucket.
    expect(parseCommand('create media-assets see --break-glass')).not.toHaveProperty('breakGlass');
    expect(parseCommand('create media-assets --break-glassy')).not.toHaveProperty('breakGlass');
  });
});
