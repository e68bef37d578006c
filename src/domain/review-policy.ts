import * as z from 'zod/mini';
import { parseDuration } from './duration.js';
import { SLACK_USER_OR_GROUP_ID } from './patterns.js';

const userOrGroup = z
  .string()
  .check(z.regex(SLACK_USER_OR_GROUP_ID, 'must be a Slack user id (U…/W…) or user-group id (S…)'));
const duration = z
  .string()
  .check(z.refine((text: string) => parseDuration(text) !== undefined, 'must be a duration such as 90d'));

/**
 * `review: { every: 90d, deadline: 14d, reviewers: [U…, S…] }`: every live key of the bucket is
 * re-confirmed every `every` by a reviewer other than its holder, within `deadline`, or revoked.
 */
const reviewSchema = z
  .strictObject({
    every: duration,
    deadline: z._default(duration, '14d'),
    /** Absent: the bucket's approvers. */
    reviewers: z.optional(z.array(userOrGroup).check(z.minLength(1))),
  })
  .check(
    z.refine((review) => (parseDuration(review.deadline) ?? 0) < (parseDuration(review.every) ?? 0), {
      error: 'deadline must be shorter than every: a campaign closes before the next one opens',
      path: ['deadline'],
    }),
  );

/** Spread into both the top level (the default for every bucket) and each bucket of the policy schema. */
export const reviewPolicyKeys = { review: z.optional(reviewSchema) };

export type ReviewPolicy = z.infer<typeof reviewSchema>;

/** A bucket's access review, with its defaults applied. */
export interface ReviewRules {
  everyMs: number;
  deadlineMs: number;
  /** Slack user and user-group ids, unexpanded: the policy's reviewers, else the bucket's approvers. */
  reviewers: readonly string[];
}

/** The bucket's own `review` (whole), else the top-level one; undefined when neither is set. */
export function resolveReview(
  fileDefault: ReviewPolicy | undefined,
  own: ReviewPolicy | undefined,
  bucketApprovers: readonly string[],
): ReviewRules | undefined {
  const chosen = own ?? fileDefault;
  if (!chosen) return undefined;
  return {
    everyMs: parseDuration(chosen.every) ?? 0,
    deadlineMs: parseDuration(chosen.deadline) ?? 0,
    reviewers: chosen.reviewers ?? bucketApprovers,
  };
}
