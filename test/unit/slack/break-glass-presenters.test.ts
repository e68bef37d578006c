import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import { blockKitBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import type { ReviewOutcome } from '../../../src/services/break-glass/review-break-glass.js';
import { presentReview } from '../../../src/slack/presenter/break-glass-presenters.js';

const KEY = `AKIA${'Z'.repeat(124)}`;
// The longest a bucket name, request id and reason may be.
const request: AccessRequest = {
  requestId: 'REQ-AAAAAAAA-999999',
  seq: 999_999,
  requesterId: 'UREQUESTER',
  bucket: `a${'b'.repeat(61)}c`,
  region: 'ap-southeast-2',
  reason: 'x'.repeat(300),
  state: 'ISSUED',
  breakGlass: true,
  createdAt: '2026-11-01T10:00:00.000Z',
};

const outcomes: ReviewOutcome[] = [
  { kind: 'unknown_request' },
  { kind: 'not_a_break_glass' },
  { kind: 'not_an_approver', request },
  { kind: 'own_break_glass' },
  {
    kind: 'already_reviewed',
    requestId: request.requestId,
    review: { reviewedBy: 'UAPPROVER2', reviewedAt: '2026-11-01T11:00:00.000Z' },
  },
  // A conflict whose grant could not be read back names nobody.
  { kind: 'already_reviewed', requestId: request.requestId, review: {} },
  { kind: 'revoke_unfinished', requestId: request.requestId, surviving: [KEY, KEY, KEY] },
  { kind: 'review_recorded', request: { ...request, state: 'REVOKED' } },
];

describe('the break-glass presenter: every outcome of Reviewed and Revoke now', () => {
  it('covers every outcome kind', () => {
    const kinds = new Set(outcomes.map((o) => o.kind));
    const all: Record<ReviewOutcome['kind'], true> = {
      unknown_request: true,
      not_a_break_glass: true,
      not_an_approver: true,
      own_break_glass: true,
      already_reviewed: true,
      revoke_unfinished: true,
      review_recorded: true,
    };
    expect([...kinds].sort()).toEqual(Object.keys(all).sort());
  });

  it.each(outcomes.map((outcome) => [outcome.kind, outcome] as const))(
    'answers %s to the clicker within Block Kit limits, leaving the alert in place',
    (_kind, outcome) => {
      const shown = presentReview(outcome);
      expect(shown.deliveries).toHaveLength(1);
      expect(shown.deliveries[0]?.to).toBe('origin');
      expect(shown.deliveries[0]?.replaceOriginal).toBeUndefined();
      expect(shown.refreshHome).toBeUndefined();
      expect(shown.deliveries[0]?.message.text.length).toBeGreaterThan(0);
      expect(blockKitBreaches(shown.deliveries[0]?.message.blocks, 'message')).toEqual([]);
    },
  );

  it('names the keys Revoke now left alive, and who reviewed first', () => {
    const text = (o: ReviewOutcome) => JSON.stringify(presentReview(o).deliveries[0]?.message);
    expect(text(outcomes[6] as ReviewOutcome)).toContain(KEY);
    expect(text(outcomes[4] as ReviewOutcome)).toContain('UAPPROVER2');
  });
});
