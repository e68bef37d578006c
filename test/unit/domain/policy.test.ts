import { describe, expect, it } from 'vitest';
import { BUCKET_NAME } from '../../../src/domain/patterns.js';
import { Policy, policyFileSchema } from '../../../src/domain/policy.js';

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

// Outside review, finding 2: `constructor` read Object.prototype.constructor from the plain
// buckets object, so it counted as listed and escaped restrictToListedBuckets.
describe('Policy with bucket names that are also Object.prototype properties', () => {
  const prototypeNames = [
    ...new Set([
      'constructor',
      ...Object.getOwnPropertyNames(Object.prototype).filter((name) => BUCKET_NAME.test(name)),
    ]),
  ];
  const listed = { 'media-assets': { region: 'eu-west-1', approvers: ['S0MEDIA'] } };

  it('finds such names among Object.prototype’s own properties', () => {
    expect(prototypeNames).toContain('constructor');
    for (const name of prototypeNames) expect(name).toMatch(BUCKET_NAME);
  });

  it.each(prototypeNames)('refuses %j when only listed buckets may be requested', (name) => {
    const policy = new Policy(defaults, { restrictToListedBuckets: true, buckets: listed });
    expect(policy.rulesFor(name)).toBeUndefined();
  });

  it.each(prototypeNames)(
    'gives %j the defaults, not a prototype value, when any bucket may be requested',
    (name) => {
      const policy = new Policy(
        { ...defaults, keyMaxAgeMs: 1000 },
        { restrictToListedBuckets: false, buckets: listed },
      );
      expect(policy.rulesFor(name)).toStrictEqual({
        region: 'us-east-1',
        approvers: ['U0DEFAULT'],
        keyMaxAgeMs: 1000,
      });
    },
  );

  it('gives a listed `constructor` bucket its own rules, and lists and counts only the listed buckets', () => {
    const file = policyFileSchema.parse({
      restrictToListedBuckets: true,
      buckets: { ...listed, constructor: { approvers: ['U0CTOR'], keyMaxAge: '7d' } },
    });
    const policy = new Policy(defaults, file);
    expect(policy.rulesFor('constructor')).toStrictEqual({
      region: 'us-east-1',
      approvers: ['U0CTOR'],
      keyMaxAgeMs: 7 * 86_400_000,
    });
    expect(policy.rulesFor('tostring')).toBeUndefined();
    expect(policy.listedBuckets()).toStrictEqual([
      { bucket: 'media-assets', region: 'eu-west-1' },
      { bucket: 'constructor', region: 'us-east-1' },
    ]);
    expect(policy.allApprovers().sort()).toStrictEqual(['S0MEDIA', 'U0CTOR', 'U0DEFAULT']);
  });

  it('reads only its own buckets, even from a buckets object that inherits some', () => {
    const inherited = Object.create({ constructor: { approvers: ['U0PROTO'] }, 'sneaky-bucket': {} });
    const policy = new Policy(defaults, {
      restrictToListedBuckets: true,
      buckets: Object.assign(inherited, listed),
    });
    expect(policy.rulesFor('constructor')).toBeUndefined();
    expect(policy.rulesFor('sneaky-bucket')).toBeUndefined();
    expect(policy.listedBuckets()).toStrictEqual([{ bucket: 'media-assets', region: 'eu-west-1' }]);
    expect(policy.allApprovers().sort()).toStrictEqual(['S0MEDIA', 'U0DEFAULT']);
  });
});

describe('Policy key lifecycle', () => {
  it('uses 24h grace, a 3d warning, no idle limit and no approval for rotation by default', () => {
    expect(new Policy(defaults).lifecycleFor('any-bucket')).toEqual({
      rotationGraceMs: 24 * 3_600_000,
      rotationNeedsApproval: false,
      expiryWarningMs: 3 * 86_400_000,
    });
  });

  it('takes the configured defaults, then each bucket’s own rotationGrace, rotationNeedsApproval, expiryWarning and idleMax', () => {
    const policy = new Policy(
      { ...defaults, rotationGraceMs: 1000, expiryWarningMs: 2000, idleMaxMs: 3000 },
      policyFileSchema.parse({
        buckets: {
          'strict-bucket': {
            rotationGrace: '2h',
            rotationNeedsApproval: true,
            expiryWarning: '7d',
            idleMax: '90d',
          },
          'plain-bucket': {},
        },
      }),
    );
    expect(policy.lifecycleFor('strict-bucket')).toEqual({
      rotationGraceMs: 2 * 3_600_000,
      rotationNeedsApproval: true,
      expiryWarningMs: 7 * 86_400_000,
      idleMaxMs: 90 * 86_400_000,
    });
    expect(policy.lifecycleFor('plain-bucket')).toEqual({
      rotationGraceMs: 1000,
      rotationNeedsApproval: false,
      expiryWarningMs: 2000,
      idleMaxMs: 3000,
    });
    expect(policy.longestExpiryWarningMs()).toBe(7 * 86_400_000);
  });

  it('refuses a malformed lifecycle duration and a non-boolean rotationNeedsApproval', () => {
    expect(policyFileSchema.safeParse({ buckets: { 'b-one': { idleMax: 'soon' } } }).success).toBe(false);
    expect(policyFileSchema.safeParse({ buckets: { 'b-one': { idleMax: '3650d' } } }).success).toBe(true);
    expect(
      policyFileSchema.safeParse({ buckets: { 'b-one': { rotationNeedsApproval: 'yes' } } }).success,
    ).toBe(false);
  });

  it.each([
    ['keyMaxAge', (d: string) => ({ keyMaxAge: d })],
    ['rotationGrace', (d: string) => ({ rotationGrace: d })],
    ['breakGlass.keyMaxAge', (d: string) => ({ breakGlass: { allowed: ['U0ONCALL'], keyMaxAge: d } })],
    ['reminders.after', (d: string) => ({ reminders: { after: d } })],
  ])('takes a %s of 10 years and refuses one beyond', (_, bucket) => {
    const parses = (d: string) => policyFileSchema.safeParse({ buckets: { 'b-one': bucket(d) } }).success;
    expect(parses('3650d')).toBe(true);
    expect(parses('3651d')).toBe(false);
    expect(parses('999999w')).toBe(false);
  });
});
