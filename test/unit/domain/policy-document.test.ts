import { describe, expect, it } from 'vitest';
import { Policy, policyFileSchema } from '../../../src/domain/policy.js';
import { describeChange, isEmptyChange, summarizeChange } from '../../../src/domain/policy-changes.js';
import { MAX_POLICY_BYTES, readPolicyDocument } from '../../../src/domain/policy-document.js';
import { explainBucket, standingOf } from '../../../src/domain/policy-explain.js';
import { keysAt, problemLines } from '../../../src/domain/policy-problems.js';

const defaults = { region: 'us-east-1', approvers: ['U0DEFAULT'] };
const problems = (text: string) => {
  const verdict = readPolicyDocument(text, defaults);
  return verdict.ok ? [] : problemLines(verdict.problems);
};

describe('reading a version of the policy', () => {
  it('names an unknown key by its full path, with the keys allowed there and the likely one', () => {
    expect(problems('buckets:\n  media-assets:\n    aprovers: [U0ALEX]\n')).toEqual([
      expect.stringMatching(
        /^buckets\.media-assets\.aprovers: is not a policy key \(did you mean `approvers`\?\); allowed here: region, approvers, /,
      ),
    ]);
    // Regression: a stray top-level key used to read `(top) Invalid input`.
    expect(problems('stray: 1\n')).toEqual([
      expect.stringMatching(/^stray: is not a policy key; allowed here: restrictToListedBuckets, /),
    ]);
    expect(problems('buckets:\n  b-one:\n    breakGlass: { allowed: [U0A], extra: 1 }\n')).toEqual([
      expect.stringMatching(
        /^buckets\.b-one\.breakGlass\.extra: is not a policy key; allowed here: allowed, maxPerDay, keyMaxAge$/,
      ),
    ]);
  });

  it('refuses text that is not YAML, YAML that is not a mapping, and an oversized policy', () => {
    expect(problems('buckets: [\n')[0]).toMatch(/^\(document\): is not YAML: .*line 2, column 1/);
    expect(problems('buckets:\n  a-b: {}\n  a-b: {}\n')[0]).toMatch(
      /^\(document\): is not YAML: Map keys must be unique/,
    );
    expect(problems('- a\n- b\n')).toEqual(['(top): must be a mapping of keys']);
    const big = `# ${'x'.repeat(MAX_POLICY_BYTES)}\nbuckets: {}\n`;
    expect(problems(big)).toEqual([
      expect.stringMatching(/^\(document\): is \d+ bytes; a policy holds at most 8192/),
    ]);
  });

  it('says what each value should be, in words rather than "Invalid input"', () => {
    expect(
      problems(
        'reasonRequired: yes please\nbuckets:\n  Bad_Name: {}\n  b-one:\n    approvers: U0A\n    approvalsRequired: 0\n    keyMaxAge: soon\n    reminders: { times: 2 }\n',
      ),
    ).toEqual([
      'reasonRequired: must be true or false',
      'buckets.Bad_Name: "Bad_Name" is not a valid bucket name',
      'buckets.b-one.approvers: must be a list',
      'buckets.b-one.keyMaxAge: must be a duration such as 30d',
      'buckets.b-one.approvalsRequired: must be at least 1',
      'buckets.b-one.reminders.after: is required',
    ]);
  });

  it('refuses a requestable bucket nobody could approve, and only that', () => {
    expect(problems('buckets:\n  b-one:\n    approvers: [U0A, U0B]\n    approvalsRequired: 3\n')).toEqual([
      'buckets.b-one.approvalsRequired: asks for 3 distinct approvers, but its approvers (with any reminders.escalateTo) name only 2 (U0A, U0B) and no user group: no request could ever be approved',
    ]);
    // Unlisted buckets fall back to APPROVER_IDS (one person here) and the top-level quorum.
    expect(problems('approvalsRequired: 2\n')).toEqual([
      expect.stringMatching(/^approvalsRequired: asks for 2 .*APPROVER_IDS/),
    ]);
    // …unless only listed buckets may be requested, a group could supply more, or escalation does.
    expect(
      problems(
        'restrictToListedBuckets: true\napprovalsRequired: 2\nbuckets:\n  b-one: { approvers: [S0TEAM] }\n',
      ),
    ).toEqual([]);
    expect(
      problems(
        'restrictToListedBuckets: true\nbuckets:\n  b-one:\n    approvers: [U0A]\n    approvalsRequired: 2\n    reminders: { after: 1h, escalateTo: [U0B] }\n',
      ),
    ).toEqual([]);
  });

  it('reads the schema itself for the keys allowed, so a key added to it needs no other list', () => {
    expect(keysAt(policyFileSchema, [])).toContain('buckets');
    expect(keysAt(policyFileSchema, ['buckets', 'any-bucket'])).toContain('rotationNeedsApproval');
    expect(keysAt(policyFileSchema, ['buckets', 'any-bucket', 'reminders'])).toEqual([
      'after',
      'times',
      'escalateTo',
    ]);
  });
});

describe('what a version changed', () => {
  const policy = (text: string) => {
    const verdict = readPolicyDocument(text, defaults);
    if (!verdict.ok) throw new Error(problemLines(verdict.problems).join('; '));
    return new Policy(defaults, verdict.file);
  };

  it('lists buckets added and removed, approvers added and removed, and every rule changed', () => {
    const before = policy('buckets:\n  a-one: { approvers: [U0A] }\n  b-two: {}\n');
    const after = policy(
      'reasonRequired: true\nbuckets:\n  a-one: { approvers: [U0B], approvalsRequired: 1, keyMaxAge: 7d }\n  c-three: {}\n',
    );
    const change = summarizeChange(before, after);

    expect(change).toMatchObject({
      bucketsAdded: ['c-three'],
      bucketsRemoved: ['b-two'],
      approversAdded: [{ bucket: 'a-one', id: 'U0B' }],
      approversRemoved: [{ bucket: 'a-one', id: 'U0A' }],
    });
    expect(change.rulesChanged).toEqual([
      { path: 'reasonRequired', after: 'true' },
      { path: 'a-one.keyMaxAge', after: '7d' },
      { path: 'a-one.approvalsRequired', after: '1' },
    ]);
    expect(describeChange(change)).toBe(
      'buckets added: c-three; buckets removed: b-two; approvers added: U0B on a-one; approvers removed: U0A on a-one; rules changed: reasonRequired (unset) → true, a-one.keyMaxAge (unset) → 7d, a-one.approvalsRequired (unset) → 1',
    );
  });

  it('says a comment-only edit changed no rule, and a first version is everything new', () => {
    const text = 'buckets:\n  a-one: {}\n';
    expect(isEmptyChange(summarizeChange(policy(text), policy(`# edited\n${text}`)))).toBe(true);
    expect(describeChange(summarizeChange(undefined, policy(text)))).toBe('first version applied');
  });
});

describe('the evaluator behind explain and policy:check', () => {
  const file = policyFileSchema.parse({
    restrictToListedBuckets: true,
    buckets: {
      'media-assets': {
        approvers: ['S0MEDIA', 'U0ALEX'],
        keyMaxAge: '2h',
        breakGlass: { allowed: ['S0ONCALL'], keyMaxAge: '4h' },
        reminders: { after: '1h', escalateTo: ['U0HEAD'] },
      },
    },
  });
  const policy = new Policy(defaults, file);

  it('decides as the services do: groups, escalation, break-glass capped by the key age', () => {
    const e = explainBucket(policy, 'media-assets');
    expect(e).toMatchObject({
      requestable: true,
      approvers: ['S0MEDIA', 'U0ALEX'],
      breakGlassKeyMaxAgeMs: 2 * 3_600_000,
    });
    const member = standingOf(e, { userId: 'U0SAM', memberOf: new Set(['S0MEDIA', 'S0ONCALL']) });
    expect(member.approve).toEqual({
      may: true,
      because: [{ kind: 'member', group: 'S0MEDIA' }, { kind: 'never_own' }],
    });
    expect(member.breakGlass).toEqual({ may: true, because: [{ kind: 'member', group: 'S0ONCALL' }] });
    expect(standingOf(e, { userId: 'U0HEAD', memberOf: new Set() }).approve.because[0]).toEqual({
      kind: 'escalation',
      via: 'U0HEAD',
    });
    expect(
      standingOf(e, { userId: 'U0ALEX', memberOf: new Set(), status: { deleted: true } }).approve,
    ).toEqual({
      may: false,
      because: [{ kind: 'departed' }],
    });
  });

  it('says an unlisted bucket under restrictToListedBuckets takes no requests, and who may revoke on it', () => {
    const e = explainBucket(policy, 'other-bucket');
    expect(e).toMatchObject({ requestable: false, listed: false, revokers: ['U0DEFAULT'] });
    expect(standingOf(e, { userId: 'U0DEFAULT', memberOf: new Set() }).revokeOthers.may).toBe(true);
    expect(standingOf(e, { userId: 'U0DEFAULT', memberOf: new Set() }).request.may).toBe(false);
  });
});
