import type { Job } from '../ports/job-queue.js';
import { exportAudit } from '../services/audit/export-audit.js';
import { lookupAudit } from '../services/audit/lookup-audit.js';
import { requestCheckpoint } from '../services/audit/request-checkpoint.js';
import { verifyAudit } from '../services/audit/verify-audit.js';
import { reviewBreakGlass } from '../services/break-glass/review-break-glass.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { describeError, newReference } from '../services/failures.js';
import { publishHome } from '../services/home/publish-home.js';
import { showStatus } from '../services/home/show-status.js';
import { afterKeyDelivered, issueKey } from '../services/issue/issue-key.js';
import type { FailedCall } from '../services/outcome.js';
import { explainPolicy } from '../services/policy/explain-policy.js';
import { showPolicy } from '../services/policy/show-policy.js';
import { reply } from '../services/replies.js';
import { cancelRequest } from '../services/request/cancel-request.js';
import { decideRequest } from '../services/request/decide-request.js';
import { requestKey } from '../services/request/request-key.js';
import { decideReview } from '../services/review/decide-review.js';
import { reportReview } from '../services/review/report-review.js';
import { listReviews, showReviewPage } from '../services/review/show-reviews.js';
import { listKeys } from '../services/revoke-rotate/list-keys.js';
import { revokeKey } from '../services/revoke-rotate/revoke-key.js';
import { rotateKey } from '../services/revoke-rotate/rotate-key.js';
import { somethingWentWrong } from '../slack/messages/error-messages.js';
import { noPolicyInForce } from '../slack/messages/policy-messages.js';
import {
  presentCheckpoint,
  presentExport,
  presentLookup,
  presentVerify,
} from '../slack/presenter/audit-presenters.js';
import { presentReview } from '../slack/presenter/break-glass-presenters.js';
import { presentCreate, presentRotate } from '../slack/presenter/create-presenters.js';
import type { Presentation } from '../slack/presenter/deliveries.js';
import { failureReplacesFor, type IssueOrigin, presentIssue } from '../slack/presenter/issue-presenters.js';
import { presentList, presentRevoke } from '../slack/presenter/key-presenters.js';
import { presentPolicy, presentPolicyExplain } from '../slack/presenter/policy-presenters.js';
import { presentCancel, presentDecide, presentStatus } from '../slack/presenter/request-presenters.js';
import {
  presentReviewDecision,
  presentReviewList,
  presentReviewPage,
  presentReviewReport,
} from '../slack/presenter/review-presenters.js';
import { explainFailure } from './explain-failure.js';
import { withPolicyInForce } from './with-policy-in-force.js';

/** How an outcome is sent: whether a failure replaces the message the job came from, and what follows. */
interface DeliveryOptions {
  /** Default true: a failure takes the place of the command's "Working on it" or the clicked message. */
  failureReplaces?: boolean;
}

/**
 * The job's use case decided (`outcome`); the Slack layer renders it. A failed call is explained to
 * the person, with a reference in the logs. A delivered key's follow-ups (a rotation's retirement,
 * a break-glass alert) run once the person has their answer.
 */
async function deliverOutcome<O extends { kind: string }>(
  deps: ServiceDependencies,
  job: Job,
  outcome: O | FailedCall,
  present: (outcome: Exclude<O, FailedCall>) => Presentation,
  options: DeliveryOptions = {},
): Promise<void> {
  if (outcome.kind === 'failed') {
    const failed = outcome as FailedCall;
    const message = await explainFailure(deps, failed.error, failed.where);
    return reply(deps, job, message, { replaceOriginal: options.failureReplaces ?? true });
  }
  const shown = present(outcome as Exclude<O, FailedCall>);
  for (const delivery of shown.deliveries) {
    const to = delivery.to === 'origin' ? job : delivery.to;
    await reply(deps, to, delivery.message, delivery.replaceOriginal ? { replaceOriginal: true } : {});
  }
  if (shown.refreshHome) await publishHome(deps, job.userId);
  await afterKeyDelivered(deps, outcome);
}

/** Where an issue was asked for, as the issue presenter needs to know it. */
function issueOrigin(job: Job & { fromButton?: boolean }): IssueOrigin {
  return {
    userId: job.userId,
    fromButton: job.fromButton === true,
    fromCommand: 'responseUrl' in job && !!job.responseUrl,
  };
}

type Run<K extends Job['kind']> = (
  deps: ServiceDependencies,
  job: Extract<Job, { kind: K }>,
) => Promise<void>;

/** Each kind of job: its use case, and the presenter of its outcome. */
const RUNS: { [K in Job['kind']]: Run<K> } = {
  create: async (deps, job) =>
    deliverOutcome(deps, job, await requestKey(deps, job), (outcome) =>
      presentCreate(outcome, issueOrigin(job)),
    ),
  issue: async (deps, job) => {
    const origin = issueOrigin(job);
    const present = (outcome: Parameters<typeof presentIssue>[0]) => presentIssue(outcome, origin);
    return deliverOutcome(deps, job, await issueKey(deps, job), present, {
      failureReplaces: failureReplacesFor(origin),
    });
  },
  decide: async (deps, job) =>
    deliverOutcome(deps, job, await decideRequest(deps, job), (outcome) =>
      presentDecide(outcome, { fromHome: !job.responseUrl }),
    ),
  list: async (deps, job) => deliverOutcome(deps, job, await listKeys(deps, job), presentList),
  revoke: async (deps, job) =>
    deliverOutcome(deps, job, await revokeKey(deps, job), (outcome) =>
      presentRevoke(outcome, { userId: job.userId, fromHome: !job.responseUrl }),
    ),
  rotate: async (deps, job) =>
    deliverOutcome(deps, job, await rotateKey(deps, job), (outcome) =>
      presentRotate(outcome, issueOrigin(job)),
    ),
  status: async (deps, job) => deliverOutcome(deps, job, await showStatus(deps, job), presentStatus),
  audit: async (deps, job) => deliverOutcome(deps, job, await lookupAudit(deps, job), presentLookup),
  home: (deps, job) => publishHome(deps, job.userId),
  review: async (deps, job) => deliverOutcome(deps, job, await reviewBreakGlass(deps, job), presentReview),
  cancel: async (deps, job) => deliverOutcome(deps, job, await cancelRequest(deps, job), presentCancel),
  auditVerify: async (deps, job) => deliverOutcome(deps, job, await verifyAudit(deps, job), presentVerify),
  auditExport: async (deps, job) => deliverOutcome(deps, job, await exportAudit(deps, job), presentExport),
  auditCheckpoint: async (deps, job) =>
    deliverOutcome(deps, job, await requestCheckpoint(deps, job), presentCheckpoint),
  policy: async (deps, job) => deliverOutcome(deps, job, await showPolicy(deps, job), presentPolicy),
  policyExplain: async (deps, job) =>
    deliverOutcome(deps, job, await explainPolicy(deps, job), presentPolicyExplain),
  accessReviews: async (deps, job) =>
    deliverOutcome(deps, job, await listReviews(deps, job), presentReviewList),
  accessReviewReport: async (deps, job) =>
    deliverOutcome(deps, job, await reportReview(deps, job), presentReviewReport),
  accessReviewDecide: async (deps, job) =>
    deliverOutcome(deps, job, await decideReview(deps, job), (outcome) =>
      presentReviewDecision(outcome, { fromHome: !job.responseUrl }),
    ),
  accessReviewPage: async (deps, job) =>
    deliverOutcome(deps, job, await showReviewPage(deps, job), presentReviewPage),
};

function dispatch(deps: ServiceDependencies, job: Job): Promise<void> {
  return (RUNS[job.kind] as Run<Job['kind']>)(deps, job);
}

/**
 * The worker: runs one job to completion. Never throws: an unexpected failure is logged
 * under a reference that the user sees instead of a stack trace.
 */
export async function runJob(base: ServiceDependencies, job: Job): Promise<void> {
  base.logger.debug('job started', { job: loggable(job) });
  let deps = base;
  try {
    // One policy version for the whole job; without a valid one, nothing is decided.
    const ready = await withPolicyInForce(base);
    if (ready.kind !== 'ready')
      return job.kind === 'home'
        ? undefined
        : await reply(base, job, noPolicyInForce(ready.reason, ready.ref));
    deps = ready.deps;
    return await dispatch(deps, job);
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
