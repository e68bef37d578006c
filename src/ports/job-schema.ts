import * as z from 'zod/mini';
import { EXPORT_FORMATS, MAX_AUDIT_LIMIT, MAX_REASON } from '../domain/command.js';
import { MAX_DURATION_MS } from '../domain/duration.js';
import { ACCESS_KEY_ID, BUCKET_NAME, SLACK_USER_ID } from '../domain/patterns.js';
import { REQUEST_ID } from '../domain/request-id.js';
import { parseCampaignId } from '../domain/review.js';

const userId = z.string().check(z.regex(SLACK_USER_ID));
const bucket = z.string().check(z.regex(BUCKET_NAME));
const requestId = z.string().check(z.regex(REQUEST_ID));
const accessKeyId = z.string().check(z.regex(ACCESS_KEY_ID));
const responseUrl = z.url({ protocol: /^https?$/ });
const maybeResponseUrl = z.optional(responseUrl);
const campaignId = z.string().check(z.refine((id: string) => parseCampaignId(id) === id));
/** A page of a campaign's keys in a reviewer's DM. */
const reviewPage = z.number().check(z.int(), z.gte(0), z.lte(999));
/** ISO time: only events at or after it. Absolute, so every page of a lookup covers the same span. */
const since = z.optional(z.iso.datetime());

const subjects = [
  z.object({ kind: z.literal('bucket'), bucket }),
  z.object({ kind: z.literal('user'), userId }),
  /** What a user did (approvals, denials, revokes, refused attempts), rather than what happened to them. */
  z.object({ kind: z.literal('actor'), userId }),
  z.object({ kind: z.literal('request'), requestId }),
] as const;

/** An audit lookup as the user asked for it; `cursor` continues from a previous page. */
export const auditRequestSchema = z.object({
  subject: z.discriminatedUnion('kind', [...subjects]),
  since,
  pageSize: z.number().check(z.int(), z.gte(1), z.lte(MAX_AUDIT_LIMIT)),
  cursor: z.optional(z.string().check(z.maxLength(1500))),
});
export type AuditRequest = z.infer<typeof auditRequestSchema>;

/**
 * Slow work handed off after Slack has been answered: ids and the verified Slack user, never a secret.
 * The one definition of a job: the `Job` type is inferred from it.
 */
export const jobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('create'),
    userId,
    bucket,
    reason: z.string().check(z.maxLength(MAX_REASON)),
    responseUrl: maybeResponseUrl,
    /** `--break-glass`: issue at once for the people the policy allows; reviewed afterwards. */
    breakGlass: z.optional(z.boolean()),
    /** From the request modal: a key life shorter than the bucket's maximum. */
    lifetimeMs: z.optional(z.number().check(z.int(), z.positive(), z.lte(MAX_DURATION_MS))),
  }),
  /** Cancel request (App Home): the requester withdraws a pending request. */
  z.object({ kind: z.literal('cancel'), userId, requestId }),
  z.object({
    kind: z.literal('issue'),
    userId,
    requestId,
    responseUrl: maybeResponseUrl,
    /** Pressed "Create key now": answers must not replace that message unless the key was delivered. */
    fromButton: z.optional(z.boolean()),
  }),
  z.object({
    kind: z.literal('decide'),
    userId,
    requestId,
    approve: z.boolean(),
    responseUrl: maybeResponseUrl,
  }),
  z.object({ kind: z.literal('list'), userId, bucket, responseUrl }),
  z.object({ kind: z.literal('revoke'), userId, bucket, accessKeyId, responseUrl: maybeResponseUrl }),
  z.object({ kind: z.literal('rotate'), userId, bucket, accessKeyId, responseUrl: maybeResponseUrl }),
  z.object({ kind: z.literal('status'), userId, responseUrl }),
  z.object({ kind: z.literal('audit'), userId, responseUrl, query: auditRequestSchema }),
  z.object({ kind: z.literal('home'), userId }),
  /** An approver's Reviewed or Revoke now on a break-glass alert. */
  z.object({
    kind: z.literal('review'),
    userId,
    requestId,
    revoke: z.boolean(),
    responseUrl: maybeResponseUrl,
  }),
  /** An approver's `audit checkpoint`: sign one now. */
  z.object({ kind: z.literal('auditCheckpoint'), userId, responseUrl }),
  /** Without `since`, the whole chain. */
  z.object({ kind: z.literal('auditVerify'), userId, responseUrl, since }),
  z.object({
    kind: z.literal('auditExport'),
    userId,
    responseUrl,
    target: z.discriminatedUnion('kind', [...subjects, z.object({ kind: z.literal('all') })]),
    format: z.enum(EXPORT_FORMATS),
    since,
  }),
  /** `/bucket-key policy`: the version in force (approvers and auditors). */
  z.object({ kind: z.literal('policy'), userId, responseUrl }),
  /** `/bucket-key policy explain <bucket> [@user]`: without `aboutUserId`, about the asker. */
  z.object({
    kind: z.literal('policyExplain'),
    userId,
    responseUrl,
    bucket,
    aboutUserId: z.optional(userId),
  }),
  /** `review [bucket]`: access review campaigns, open and recent. */
  z.object({ kind: z.literal('accessReviews'), userId, responseUrl, bucket: z.optional(bucket) }),
  z.object({
    kind: z.literal('accessReviewReport'),
    userId,
    responseUrl,
    campaignId,
    format: z.enum(EXPORT_FORMATS),
  }),
  /** Keep or Revoke on a key under review (a reviewer's DM or App Home). */
  z.object({
    kind: z.literal('accessReviewDecide'),
    userId,
    campaignId,
    grantId: requestId,
    keep: z.boolean(),
    page: z.optional(reviewPage),
    responseUrl: maybeResponseUrl,
  }),
  z.object({ kind: z.literal('accessReviewPage'), userId, campaignId, page: reviewPage, responseUrl }),
]);
export type Job = z.infer<typeof jobSchema>;

/** A job derived from a Slack request, checked once more before the worker acts on it. */
export function parseJob(payload: unknown): Job | undefined {
  const parsed = jobSchema.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/** The "More" button's value, as the audit page wrote it (a cursor is required); anything else is refused. */
const pageRequest = z.strictObject({
  ...auditRequestSchema.shape,
  cursor: z.string().check(z.minLength(1), z.maxLength(1500)),
});

export function parseAuditPageValue(value: string): AuditRequest | undefined {
  try {
    const parsed = pageRequest.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
