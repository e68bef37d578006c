import { describe, expect, it } from 'vitest';
import type { PolicyChange } from '../../../src/domain/policy-changes.js';
import type { BucketExplanation, PersonStanding } from '../../../src/domain/policy-explain.js';
import { blockKitBreaches, describeBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import {
  noPolicyInForce,
  policyAppliedNotice,
  policyExplained,
  policyRefusedNotice,
  policyShown,
} from '../../../src/slack/messages/policy-messages.js';
import { presentPolicy, presentPolicyExplain } from '../../../src/slack/presenter/policy-presenters.js';

const LONG_BUCKET = `b${'x'.repeat(52)}z`;
const SHA = 'a'.repeat(64);
const within = (message: { blocks?: unknown[] }) => {
  const breaches = blockKitBreaches(message.blocks, 'message');
  expect(breaches, describeBreaches(breaches)).toEqual([]);
};
const json = (value: unknown) => JSON.stringify(value);

describe('policy messages', () => {
  it('tell a change of hundreds of buckets and rules within Block Kit’s limits, counting what they leave out', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `${LONG_BUCKET.slice(0, 48)}${i}`);
    const change: PolicyChange = {
      hasPrevious: true,
      bucketsAdded: many(300),
      bucketsRemoved: many(300),
      approversAdded: many(300).map((bucket) => ({ bucket, id: 'S0APPROVERS' })),
      approversRemoved: [],
      rulesChanged: many(300).map((b) => ({
        path: `${b}.breakGlass`,
        before: '{"allowed":["U0A"]}',
        after: 'x'.repeat(200),
      })),
    };
    const message = policyAppliedNotice({ name: '/bucket-key/prod/policy', version: 7, sha256: SHA, change });
    within(message);
    expect(json(message)).toContain('and 285 more');
  });

  it('quote a refused version’s faults inert: no mention, link or markup from its keys reaches Slack', () => {
    const message = policyRefusedNotice({
      name: '/p',
      version: 3,
      sha256: SHA,
      keptVersion: 2,
      problems: Array.from({ length: 400 }, (_, i) => ({
        path: `buckets.<!channel>\`x\`${i}`,
        message: 'is not a policy key; see https://evil.example',
      })),
    });
    within(message);
    const text = json(message);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toMatch(/```[^`]*evil\.example[^`]*```/);
    expect(text).toContain('keeps applying version 2');
  });

  it('say plainly when no policy is in force, with the reference', () => {
    expect(json(noPolicyInForce('invalid', 'ab12cd34'))).toContain('has no valid policy right now');
    expect(json(noPolicyInForce('unreadable', 'ab12cd34'))).toContain('cannot read its policy');
    expect(json(noPolicyInForce('unrecorded', 'ab12cd34'))).toContain('Reference `ab12cd34`');
  });

  it('explain a bucket with ten large groups within the limits', () => {
    const explanation: BucketExplanation = {
      bucket: LONG_BUCKET,
      requestable: true,
      listed: true,
      region: 'ap-southeast-2',
      approvers: Array.from({ length: 30 }, (_, i) => `S0GROUP${i}`),
      approversFromDefaults: false,
      approval: { approvalsRequired: 2, reasonRequired: true, reasonMinLength: 20 },
      lifecycle: { rotationGraceMs: 3_600_000, rotationNeedsApproval: true, expiryWarningMs: 86_400_000 },
      revokers: Array.from({ length: 30 }, (_, i) => `S0GROUP${i}`),
    };
    const groups = Array.from({ length: 10 }, (_, g) => ({
      group: `S0GROUP${g}`,
      readable: true as const,
      total: 500,
      members: Array.from({ length: 20 }, (_, i) => ({ userId: `U0MEMBER${g}X${i}`, departed: i % 3 === 0 })),
    }));
    const standing: PersonStanding = {
      userId: 'U0SAM',
      request: { may: true, because: [{ kind: 'anyone' }] },
      breakGlass: { may: false, because: [{ kind: 'no_break_glass' }] },
      approve: { may: true, because: [{ kind: 'member', group: 'S0GROUP1' }, { kind: 'never_own' }] },
      revokeOthers: { may: true, because: [{ kind: 'member', group: 'S0GROUP1' }] },
      review: { may: true, because: [{ kind: 'member', group: 'S0GROUP1' }, { kind: 'never_own' }] },
    };
    const presented = presentPolicyExplain({ kind: 'bucket_explained', explanation, groups, standing });
    expect(presented.deliveries).toMatchObject([{ to: 'origin', replaceOriginal: true }]);
    const message = policyExplained(explanation, groups, standing);
    within(message);
    expect(json(message)).toContain('and 480 more');
    expect(json(message)).toContain('member of <!subteam^S0GROUP1>, which approves');
  });

  it('show the version in force in place of the acknowledgement, or refuse someone who may not see it', () => {
    const shown = presentPolicy({
      kind: 'policy_shown',
      provenance: {
        source: 'ssm',
        name: '/p',
        version: 4,
        sha256: SHA,
        modifiedBy: 'arn:aws:iam::1:user/<b>',
      },
      buckets: 3,
      restricted: false,
    });
    expect(shown.deliveries).toMatchObject([{ to: 'origin', replaceOriginal: true }]);
    expect(json(shown)).toContain(SHA);
    expect(json(shown)).toContain('user/&lt;b&gt;');
    expect(json(presentPolicy({ kind: 'policy_not_shown' }))).toContain('Only approvers and auditors');
    within(
      policyShown({ source: 'file', name: 'policy.yml', sha256: SHA }, { buckets: 1, restricted: true }),
    );
  });
});
