import * as z from 'zod/mini';
import { MAX_AUDIT_LIMIT, MAX_REASON } from '../domain/command.js';
import { ACCESS_KEY_ID, BUCKET_NAME, SLACK_USER_ID } from '../domain/patterns.js';
import { REQUEST_ID } from '../domain/request-id.js';

const userId = z.string().check(z.regex(SLACK_USER_ID));
const bucket = z.string().check(z.regex(BUCKET_NAME));
const requestId = z.string().check(z.regex(REQUEST_ID));
const responseUrl = z.url({ protocol: /^https?$/ });

const subject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bucket'), bucket }),
  z.object({ kind: z.literal('user'), userId }),
  /** What a user did (approvals, denials, revokes, refused attempts), rather than what happened to them. */
  z.object({ kind: z.literal('actor'), userId }),
  z.object({ kind: z.literal('request'), requestId }),
]);

/** An audit lookup as the user asked for it; `cursor` continues from a previous page. */
export const auditRequestSchema = z.object({
  subject,
  /** ISO time: only events at or after it. Absolute, so every page covers the same span. */
  since: z.optional(z.iso.datetime()),
  pageSize: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_AUDIT_LIMIT)),
  cursor: z.optional(z.string().check(z.maxLength(1500))),
});
export type AuditRequest = z.infer<typeof auditRequestSchema>;

/**
 * Slow work handed off after Slack has been answered: ids and the verified Slack user, never a secret.
 * The one definition of a job: the type below is inferred from it.
 */
export const jobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('create'),
    userId,
    bucket,
    reason: z.string().check(z.maxLength(MAX_REASON)),
    responseUrl: z.optional(responseUrl),
  }),
  z.object({
    kind: z.literal('issue'),
    userId,
    requestId,
    responseUrl: z.optional(responseUrl),
    /** Pressed "Create key now": answers must not replace that message unless the key was delivered. */
    fromButton: z.optional(z.boolean()),
  }),
  z.object({
    kind: z.literal('decide'),
    userId,
    requestId,
    approve: z.boolean(),
    responseUrl: z.optional(responseUrl),
  }),
  z.object({ kind: z.literal('list'), userId, bucket, responseUrl }),
  z.object({
    kind: z.literal('revoke'),
    userId,
    bucket,
    accessKeyId: z.string().check(z.regex(ACCESS_KEY_ID)),
    responseUrl: z.optional(responseUrl),
  }),
  z.object({ kind: z.literal('status'), userId, responseUrl }),
  z.object({ kind: z.literal('audit'), userId, responseUrl, query: auditRequestSchema }),
  z.object({ kind: z.literal('home'), userId }),
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
