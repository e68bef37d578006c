import type { Job } from '../ports/job-queue.js';
import { somethingWentWrong } from '../slack/messages/error-messages.js';
import { exportAudit } from './audit/export-audit.js';
import { lookupAudit } from './audit/lookup-audit.js';
import { verifyAudit } from './audit/verify-audit.js';
import { reviewBreakGlass } from './break-glass/review-break-glass.js';
import type { ServiceDependencies } from './dependencies.js';
import { describeError, newReference } from './failures.js';
import { publishHome } from './home/publish-home.js';
import { showStatus } from './home/show-status.js';
import { issueKey } from './issue/issue-key.js';
import { reply } from './replies.js';
import { cancelRequest } from './request/cancel-request.js';
import { decideRequest } from './request/decide-request.js';
import { requestKey } from './request/request-key.js';
import { listKeys } from './revoke-rotate/list-keys.js';
import { revokeKey } from './revoke-rotate/revoke-key.js';
import { rotateKey } from './revoke-rotate/rotate-key.js';

/**
 * The worker: runs one job to completion. Never throws: an unexpected failure is logged
 * under a reference that the user sees instead of a stack trace.
 */
export async function runJob(deps: ServiceDependencies, job: Job): Promise<void> {
  deps.logger.debug('job started', { job: loggable(job) });
  try {
    switch (job.kind) {
      case 'create':
        return await requestKey(deps, job);
      case 'issue':
        return await issueKey(deps, job);
      case 'decide':
        return await decideRequest(deps, job);
      case 'list':
        return await listKeys(deps, job);
      case 'revoke':
        return await revokeKey(deps, job);
      case 'rotate':
        return await rotateKey(deps, job);
      case 'status':
        return await showStatus(deps, job);
      case 'audit':
        return await lookupAudit(deps, job);
      case 'home':
        return await publishHome(deps, job.userId);
      case 'review':
        return await reviewBreakGlass(deps, job);
      case 'cancel':
        return await cancelRequest(deps, job);
      case 'auditVerify':
        return await verifyAudit(deps, job);
      case 'auditExport':
        return await exportAudit(deps, job);
    }
  } catch (error) {
    const ref = newReference();
    deps.logger.error('job failed', { ref, kind: job.kind, userId: job.userId, error: describeError(error) });
    if (job.kind !== 'home') await reply(deps, job, somethingWentWrong(ref));
  }
}

/**
 * The job without its bearer values: a response_url lets anyone post as the bot in that conversation
 * for 30 minutes, and an audit cursor is a position in the log. Neither goes into a log line.
 */
function loggable(job: Job): Record<string, unknown> {
  const { responseUrl: _responseUrl, ...rest } = job as Job & { responseUrl?: string };
  if (job.kind !== 'audit') return rest;
  const { cursor: _cursor, ...query } = job.query;
  return { ...rest, query };
}
