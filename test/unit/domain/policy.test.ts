import { describe, expect, it } from 'vitest';
import { Policy } from '../../../src/domain/policy.js';

const defaults = { region: 'us-east-1', approvers: ['U0DEFAULT'] };

describe('Policy', () => {
  it('allows any bucket with the defaults when no file is given', () => {
    expect(new Policy(defaults).rulesFor('anything-goes')).toEqual({
      region: 'us-east-1',
      approvers: ['U0DEFAULT'],
    });
  });

  it('uses per-bucket region, approvers and key age, and restricts when asked', () => {
    const policy = new Policy(defaults, {
      restrictToListedBuckets: true,
      buckets: { 'media-assets': { region: 'eu-west-1', approvers: ['S0MEDIA'], keyMaxAge: '30d' } },
    });
    expect(policy.rulesFor('media-assets')).toEqual({
      region: 'eu-west-1',
      approvers: ['S0MEDIA'],
      keyMaxAgeMs: 30 * 86_400_000,
    });
    expect(policy.rulesFor('other-bucket')).toBeUndefined();
    expect(policy.allApprovers().sort()).toEqual(['S0MEDIA', 'U0DEFAULT']);
    expect(policy.listedBuckets()).toEqual([{ bucket: 'media-assets', region: 'eu-west-1' }]);
  });

  it('falls back to the default key age', () => {
    const policy = new Policy(
      { ...defaults, keyMaxAgeMs: 1000 },
      { restrictToListedBuckets: false, buckets: { 'b-one': {} } },
    );
    expect(policy.rulesFor('b-one')?.keyMaxAgeMs).toBe(1000);
  });
});
