import type { AccessRequest } from '../../domain/access-request.js';
import type { Job } from '../../ports/job-queue.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/** Steps the issue use case (issue-key.ts) takes on several of its paths. */
export type IssueJob = Extract<Job, { kind: 'issue' }>;

/** A bucket's keys as Lightsail listed them, or why it could not. */
export type KeyListing = { keys: BucketKey[] } | { error: unknown };

/** Lists a bucket's keys; the promise never rejects, so it may be started before it is known to be needed. */
export function listKeysOf(deps: ServiceDependencies, bucket: string, region: string): Promise<KeyListing> {
  return deps.keys.listKeys(bucket, region).then(
    (keys) => ({ keys }),
    (error: unknown) => ({ error }),
  );
}

/** Gives the approval back; a failure is logged, and the sweeper releases the claim later. */
export async function releaseQuietly(
  deps: ServiceDependencies,
  request: AccessRequest,
  token: string,
): Promise<void> {
  await deps.requests.releaseClaim(request.requestId, token).catch((error: unknown) => {
    deps.logger.error('could not release a claim; the sweeper will', {
      requestId: request.requestId,
      error: describeError(error),
    });
  });
}

export function recordIssueFailure(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  detail: string,
) {
  return record(deps, {
    type: 'key_issue_failed',
    outcome: 'failed',
    actorId: job.userId,
    ...aboutRequest(request),
    detail,
  });
}
