import { describe, expect, it } from 'vitest';
import { Policy } from '../../../src/domain/policy.js';
import { readPolicyDocument } from '../../../src/domain/policy-document.js';

const defaults = { region: 'eu-west-1', approvers: ['UAPPROVER1', 'UAPPROVER2'] };

describe('a key’s longest life', () => {
  it('is the default unless a bucket says keyMaxAge: none, or names its own', () => {
    const policy = new Policy(
      { ...defaults, keyMaxAgeMs: 90 * 86_400_000 },
      (() => {
        const verdict = readPolicyDocument(
          'buckets:\n  forever: { keyMaxAge: none }\n  short: { keyMaxAge: 7d }\n',
          defaults,
        );
        if (!verdict.ok) throw new Error(JSON.stringify(verdict.problems));
        return verdict.file;
      })(),
    );
    expect(policy.rulesFor('forever')?.keyMaxAgeMs).toBeUndefined();
    expect(policy.rulesFor('short')?.keyMaxAgeMs).toBe(7 * 86_400_000);
    expect(policy.rulesFor('other')?.keyMaxAgeMs).toBe(90 * 86_400_000);
  });

  it('refuses a keyMaxAge that is neither a duration nor none, naming the key', () => {
    const verdict = readPolicyDocument('buckets:\n  logs: { keyMaxAge: forever }\n', defaults);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problems.map((p) => p.path)).toContain('buckets.logs.keyMaxAge');
  });
});
