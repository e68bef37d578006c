import { z } from 'zod';
import { BUCKET_NAME } from '../domain/bucket-name.js';
import { EXPORT_FORMATS, MAX_AUDIT_LIMIT } from '../domain/command.js';
import { REQUEST_ID } from '../domain/request-id.js';
import type { AuditRequest, Job } from './job-queue.js';

const userId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);
const bucket = z.string().regex(BUCKET_NAME);
const requestId = z.string().regex(REQUEST_ID);
const responseUrl = z.url({ protocol: /^https?$/ });

const subject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bucket'), bucket }),
  z.object({ kind: z.literal('user'), userId }),
  z.object({ kind: z.literal('actor'), userId }),
  z.object({ kind: z.literal('request'), requestId }),
]);

/** An audit lookup as carried by a job or a "More" button. */
export const auditRequestSchema = z.object({
  subject,
  since: z.iso.datetime().optional(),
  pageSize: z.number().int().min(1).max(MAX_AUDIT_LIMIT),
  cursor: z.string().max(1500).optional(),
});

/** Every job shape, as the worker accepts it from an invocation payload. */

const jobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('create'),
    userId,
    bucket,
    reason: z.string().max(300),
    responseUrl: responseUrl.optional(),
    breakGlass: z.boolean().optional(),
    lifetimeMs: z.number().int().positive().optional(),
  }),
  z.object({ kind: z.literal('cancel'), userId, requestId }),
  z.object({
    kind: z.literal('issue'),
    userId,
    requestId,
    responseUrl: responseUrl.optional(),
    fromButton: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('decide'),
    userId,
    requestId,
    approve: z.boolean(),
    responseUrl: responseUrl.optional(),
  }),
  z.object({ kind: z.literal('list'), userId, bucket, responseUrl }),
  z.object({
    kind: z.literal('revoke'),
    userId,
    bucket,
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/),
    responseUrl: responseUrl.optional(),
  }),
  z.object({
    kind: z.literal('rotate'),
    userId,
    bucket,
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/),
    responseUrl: responseUrl.optional(),
  }),
  z.object({ kind: z.literal('status'), userId, responseUrl }),
  z.object({ kind: z.literal('audit'), userId, responseUrl, query: auditRequestSchema }),
  z.object({ kind: z.literal('home'), userId }),
  z.object({
    kind: z.literal('review'),
    userId,
    requestId,
    revoke: z.boolean(),
    responseUrl: responseUrl.optional(),
  }),
  z.object({ kind: z.literal('auditVerify'), userId, responseUrl, since: z.iso.datetime().optional() }),
  z.object({
    kind: z.literal('auditExport'),
    userId,
    responseUrl,
    target: z.discriminatedUnion('kind', [...subject.options, z.object({ kind: z.literal('all') })]),
    format: z.enum(EXPORT_FORMATS),
    since: z.iso.datetime().optional(),
  }),
]);

/** A job derived from a Slack request, checked once more before the worker acts on it. */
export function parseJob(payload: unknown): Job | undefined {
  const parsed = jobSchema.safeParse(payload);
  return parsed.success ? (parsed.data as Job) : undefined;
}

/** The "More" button's value, as the audit page wrote it (a cursor is required); anything else is refused. */
const pageRequest = auditRequestSchema.extend({ cursor: z.string().min(1).max(1500) }).strict();

export function parseAuditPageValue(value: string): AuditRequest | undefined {
  try {
    const parsed = pageRequest.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as AuditRequest) : undefined;
  } catch {
    return undefined;
  }
}
