import type { AccessRequest } from '../domain/access-request.js';
import type { ApprovalRules } from '../domain/approval-rules.js';
import { RequestConflictError } from '../domain/errors.js';
import type { BucketRules } from '../domain/policy.js';
import { requestIdFor } from '../domain/request-id.js';
import type { Job } from '../ports/job-queue.js';
import {
  breakGlassLimitReached,
  breakGlassNeedsReason,
  breakGlassNotAllowed,
} from '../slack/messages/break-glass-messages.js';
import { issueInProgress } from '../slack/messages/requester-replies.js';
import { DAY_MS } from './announce-break-glass.js';
import { aboutRequest, record } from './audit-record.js';
import type { ServiceDependencies } from './dependencies.js';
import { explainFailure } from './failures.js';
import { issueKey } from './issue-key.js';
import { reply } from './replies.js';

type CreateJob = Extract<Job, { kind: 'create' }>;

/** A break-glass self-approval is meant for now: if issuing fails, it is usable this long. */
const SELF_APPROVAL_MS = 15 * 60_000;
const MAX_ATTEMPTS = 5;

/**
 * `/bucket-key create <bucket> --break-glass <reason>`: for the people the policy allows, a request
 * created APPROVED by themselves (one conditional put) and issued at once through the usual claim and
 * delivery. The approvers are alerted when the key is issued (see announceBreakGlass). Each refusal
 * is audited.
 */
export async function breakGlassKey(
  deps: ServiceDependencies,
  job: CreateJob,
  rules: BucketRules,
  approval: ApprovalRules,
): Promise<void> {
  const glass = approval.breakGlass;
  const refuse = async (detail: string, message: ReturnType<typeof breakGlassNotAllowed>) => {
    await record(deps, {
      type: 'break_glass_refused',
      outcome: 'refused',
      actorId: job.userId,
      subjectUserId: job.userId,
      bucket: job.bucket,
      region: rules.region,
      detail,
    });
    return reply(deps, job, message, { replaceOriginal: true });
  };
  if (!glass || !(await deps.directory.expand(glass.allowed)).has(job.userId))
    return refuse('not in breakGlass.allowed', breakGlassNotAllowed(job.bucket));
  if (job.reason.trim() === '') return refuse('no reason given', breakGlassNeedsReason(job.bucket));

  try {
    await deps.keys.listKeys(job.bucket, rules.region); // proves the bucket exists before anything is written
  } catch (error) {
    const where = { bucket: job.bucket, region: rules.region, action: 'create' };
    return reply(deps, job, await explainFailure(deps, error, where), { replaceOriginal: true });
  }

  let latest = await deps.requests.latestFor(job.userId, job.bucket);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (latest?.state === 'ISSUING')
      return reply(deps, job, issueInProgress(latest), { replaceOriginal: true });
    const now = deps.clock.now();
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const used = await deps.requests.breakGlassSince(job.userId, job.bucket, since);
    if (used.length >= glass.maxPerDay)
      return refuse(
        `breakGlass.maxPerDay (${glass.maxPerDay}) reached`,
        breakGlassLimitReached(job.bucket, glass.maxPerDay),
      );
    // The id is the person's next sequence number, so two break-glasses at once cannot both be the
    // first of the day: one put wins, the other re-counts.
    const seq = (latest?.seq ?? 0) + 1;
    const at = now.toISOString();
    const expires = new Date(now.getTime() + SELF_APPROVAL_MS).toISOString();
    const request: AccessRequest = {
      requestId: requestIdFor(job.userId, job.bucket, seq),
      seq,
      requesterId: job.userId,
      bucket: job.bucket,
      region: rules.region,
      reason: job.reason,
      state: 'APPROVED',
      createdAt: at,
      breakGlass: true,
      decidedBy: job.userId,
      decidedAt: at,
      approvalExpiresAt: expires,
      dueAt: expires,
    };
    try {
      await deps.requests.create(request);
    } catch (error) {
      if (!(error instanceof RequestConflictError)) throw error;
      latest = error.current ?? (await deps.requests.latestFor(job.userId, job.bucket));
      continue;
    }
    await record(deps, {
      type: 'request_created',
      outcome: 'ok',
      actorId: job.userId,
      ...aboutRequest(request),
      detail: `break-glass: ${request.reason}`,
    });
    return issueKey(
      deps,
      { kind: 'issue', userId: job.userId, requestId: request.requestId, responseUrl: job.responseUrl },
      request,
    );
  }
  throw new Error(`could not allocate a request id for ${job.userId} on ${job.bucket}`);
}
