import type { Job } from '../ports/job-queue.js';
import { exportAudit } from '../services/audit/export-audit.js';
import { lookupAudit } from '../services/audit/lookup-audit.js';
import { requestCheckpoint } from '../services/audit/request-checkpoint.js';
import { verifyAudit } from '../services/audit/verify-audit.js';
import { reviewBreakGlass } from '../services/break-glass/review-break-glass.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { describeError, explainFailure, newReference } from '../services/failures.js';
import { publishHome } from '../services/home/publish-home.js';
import { showStatus } from '../services/home/show-status.js';
import { issueKey } from '../services/issue/issue-key.js';
import type { FailedCall } from '../services/outcome.js';
import { reply } from '../services/replies.js';
import { cancelRequest } from '../services/request/cancel-request.js';
import { decideRequest } from '../services/request/decide-request.js';
import { requestKey } from '../services/request/request-key.js';
import { listKeys } from '../services/revoke-rotate/list-keys.js';
import { revokeKey } from '../services/revoke-rotate/revoke-key.js';
import { rotateKey } from '../services/revoke-rotate/rotate-key.js';
import { somethingWentWrong } from '../slack/messages/error-messages.js';
import {
  presentCheckpoint,
  presentExport,
  presentLookup,
  presentVerify,
} from '../slack/presenter/audit-presenters.js';
import type { Presentation } from '../slack/presenter/deliveries.js';
import { presentList, presentRevoke } from '../slack/presenter/key-presenters.js';
import { presentCancel, presentStatus } from '../slack/presenter/request-presenters.js';

/**
 * The job's use case decided (`outcome`); the Slack layer renders it. A failed call is explained to
 * the person, with a reference in the logs, in place of the message it came from.
 */
async function deliverOutcome<O extends { kind: string }>(
  deps: ServiceDependencies,
  job: Job,
  outcome: O | FailedCall,
  present: (outcome: Exclude<O, FailedCall>) => Presentation,
): Promise<void> {
  if (outcome.kind === 'failed') {
    const failed = outcome as FailedCall;
    const message = await explainFailure(deps, failed.error, failed.where);
    return reply(deps, job, message, { replaceOriginal: true });
  }
  const shown = present(outcome as Exclude<O, FailedCall>);
  for (const delivery of shown.deliveries) {
    const to = delivery.to === 'origin' ? job : delivery.to;
    await reply(deps, to, delivery.message, delivery.replaceOriginal ? { replaceOriginal: true } : {});
  }
  if (shown.refreshHome) await publishHome(deps, job.userId);
}

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
        return await deliverOutcome(deps, job, await listKeys(deps, job), presentList);
      case 'revoke':
        return await deliverOutcome(deps, job, await revokeKey(deps, job), (outcome) =>
          presentRevoke(outcome, { userId: job.userId, fromHome: !job.responseUrl }),
        );
      case 'rotate':
        return await rotateKey(deps, job);
      case 'status':
        return await deliverOutcome(deps, job, await showStatus(deps, job), presentStatus);
      case 'audit':
        return await deliverOutcome(deps, job, await lookupAudit(deps, job), presentLookup);
      case 'home':
        return await publishHome(deps, job.userId);
      case 'review':
        return await reviewBreakGlass(deps, job);
      case 'cancel':
        return await deliverOutcome(deps, job, await cancelRequest(deps, job), presentCancel);
      case 'auditVerify':
        return await deliverOutcome(deps, job, await verifyAudit(deps, job), presentVerify);
      case 'auditExport':
        return await deliverOutcome(deps, job, await exportAudit(deps, job), presentExport);
      case 'auditCheckpoint':
        return await deliverOutcome(deps, job, await requestCheckpoint(deps, job), presentCheckpoint);
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
