import { describe, expect, it } from 'vitest';
import { Policy, policyFileSchema } from '../../../src/domain/policy.js';
import { reminderTimes } from '../../../src/domain/review.js';

const DAY = 86_400_000;
const policy = (file: unknown) =>
  new Policy({ region: 'us-east-1', approvers: ['UDEFAULT01'] }, policyFileSchema.parse(file));

describe('the review policy key', () => {
  it('applies a bucket’s own review, else the top-level one; reviewers default to the bucket’s approvers', () => {
    const p = policy({
      review: { every: '90d' },
      buckets: {
        'media-assets': {
          approvers: ['UAPPROVER1'],
          review: { every: '30d', deadline: '7d', reviewers: ['SREVIEWERS'] },
        },
        'nightly-backups': { approvers: ['UAPPROVER2'] },
      },
    });

    expect(p.reviewFor('media-assets')).toEqual({
      everyMs: 30 * DAY,
      deadlineMs: 7 * DAY,
      reviewers: ['SREVIEWERS'],
    });
    expect(p.reviewFor('nightly-backups')).toEqual({
      everyMs: 90 * DAY,
      deadlineMs: 14 * DAY,
      reviewers: ['UAPPROVER2'],
    });
    expect(p.reviewFor('unlisted-bucket')).toEqual({
      everyMs: 90 * DAY,
      deadlineMs: 14 * DAY,
      reviewers: ['UDEFAULT01'],
    });
    expect(policy({ buckets: { 'media-assets': {} } }).reviewFor('media-assets')).toBeUndefined();
  });

  it.each([
    [{ review: { every: '14d', deadline: '14d' } }, 'review.deadline'],
    [{ review: { every: 'often' } }, 'review.every'],
    [{ review: { deadline: '7d' } }, 'review.every'],
    [{ review: { every: '90d', reviewers: [] } }, 'review.reviewers'],
    [{ review: { every: '90d', reviewers: ['alex'] } }, 'review.reviewers.0'],
    [{ review: { every: '90d', escalate: true } }, 'review'],
    [
      { buckets: { 'media-assets': { review: { every: '1d', deadline: '2d' } } } },
      'buckets.media-assets.review.deadline',
    ],
  ])('refuses %j, naming %s', (file, path) => {
    const parsed = policyFileSchema.safeParse(file);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('reminds half-way and one day before, dropping the second when it would not come later', () => {
    const opened = '2026-05-01T00:00:00.000Z';
    expect(reminderTimes({ openedAt: opened, deadline: '2026-05-15T00:00:00.000Z' })).toEqual({
      half: '2026-05-08T00:00:00.000Z',
      dayBefore: '2026-05-14T00:00:00.000Z',
    });
    expect(reminderTimes({ openedAt: opened, deadline: '2026-05-03T00:00:00.000Z' })).toEqual({
      half: '2026-05-02T00:00:00.000Z',
    });
  });
});
