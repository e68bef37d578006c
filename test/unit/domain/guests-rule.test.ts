import { describe, expect, it } from 'vitest';
import { Policy } from '../../../src/domain/policy.js';
import { readPolicyDocument } from '../../../src/domain/policy-document.js';

const defaults = { region: 'eu-west-1', approvers: ['UAPPROVER1', 'UAPPROVER2'] };

function policyOf(text: string): Policy {
  const verdict = readPolicyDocument(text, defaults);
  if (!verdict.ok) throw new Error(JSON.stringify(verdict.problems));
  return new Policy(defaults, verdict.file);
}

describe('the guests rule', () => {
  it('refuses guests unless a policy says otherwise', () => {
    expect(new Policy(defaults).guestsFor('any-bucket')).toBe('refuse');
    expect(policyOf('buckets: { logs: {} }').guestsFor('logs')).toBe('refuse');
  });

  it('takes the bucket’s own rule before the top-level one', () => {
    const policy = policyOf('guests: allow\nbuckets:\n  vault: { guests: refuse }\n  logs: {}\n');
    expect(policy.guestsFor('vault')).toBe('refuse');
    expect(policy.guestsFor('logs')).toBe('allow');
    expect(policy.guestsFor('unlisted')).toBe('allow');
  });

  it('names the key when its value is neither refuse nor allow', () => {
    const verdict = readPolicyDocument('buckets:\n  logs: { guests: sometimes }\n', defaults);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problems.map((p) => p.path)).toContain('buckets.logs.guests');
  });
});
