import { SYSTEM_ACTOR } from '../domain/audit-event.js';
import { METRIC } from '../domain/metric-names.js';
import type { SignedSlackRequest } from '../ports/job-queue.js';
import { parseJob } from '../ports/job-schema.js';
import { record } from '../services/audit/audit-record.js';
import { refusalsOf } from '../services/audit/evidence.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { newReference } from '../services/failures.js';
import { reply } from '../services/replies.js';
import { somethingWentWrong } from '../slack/messages/error-messages.js';
import { claimedUserOf, intentOf } from '../slack/signed-jobs/job-from-slack.js';
import { parseSlackBody } from '../slack/signed-jobs/slack-payload.js';
import { type SignatureVerdict, verifySlackSignature } from '../slack/signed-jobs/verify-signature.js';
import { runJob } from './run-job.js';

/** What the http function hands the worker: Slack's signed request, and nothing else it would trust. */
export interface WorkerPayload {
  slackRequest: SignedSlackRequest;
}

/**
 * The worker's front door. It acts only on a request Slack signed: the signature is checked with the
 * signing secret, and the user, the request, the action and the response_url all come from the verified
 * body. Anything else leaves one audit event and a warning, and does nothing more: no read that acts,
 * no other write, no Slack call.
 */
export async function acceptSignedJob(
  deps: ServiceDependencies,
  payload: unknown,
  verify: { signingSecret: string; nowMs: number },
): Promise<void> {
  const signed = signedRequestOf(payload);
  const verdict: SignatureVerdict = signed
    ? verifySlackSignature(signed, verify.signingSecret, verify.nowMs)
    : { ok: false, reason: 'unsigned' };
  if (!verdict.ok || !signed)
    return refuse(deps, verdict.ok ? 'unsigned' : verdict.reason, claimedBy(payload), verify.nowMs);
  const body = parseSlackBody(signed.body, signed.contentType);
  if (!body) {
    deps.logger.warn('signed Slack request with a body that is not a Slack payload; ignored');
    return;
  }
  const intent = intentOf(body, Number(signed.timestamp));
  // Help, usage and confirmations were answered by the http function; nothing is left to do.
  if (intent.kind !== 'job') return;
  const job = parseJob(intent.job);
  if (!job) {
    const ref = newReference();
    deps.logger.error('signed request made a job the worker cannot run', { ref, kind: intent.job.kind });
    return reply(deps, intent.job, somethingWentWrong(ref), { replaceOriginal: true });
  }
  await runJob(deps, job);
}

function signedRequestOf(payload: unknown): SignedSlackRequest | undefined {
  const candidate = (payload as { slackRequest?: Record<string, unknown> } | null)?.slackRequest;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const { body, signature, timestamp, contentType } = candidate;
  if ([body, signature, timestamp, contentType].some((field) => typeof field !== 'string')) return undefined;
  return { body, signature, timestamp, contentType } as SignedSlackRequest;
}

/** The user a refused payload names, as claimed (in a Slack body or a bare job): never trusted, only recorded. */
function claimedBy(payload: unknown): string | undefined {
  const candidate = payload as {
    userId?: unknown;
    slackRequest?: { body?: unknown; contentType?: unknown };
  } | null;
  const body = candidate?.slackRequest?.body;
  const parsed =
    typeof body === 'string'
      ? parseSlackBody(
          body,
          String(candidate?.slackRequest?.contentType ?? 'application/x-www-form-urlencoded'),
        )
      : undefined;
  const direct = candidate?.userId;
  return claimedUserOf(parsed) ?? claimedUserOf(typeof direct === 'string' ? { user_id: direct } : undefined);
}

const REASONS = {
  unsigned: 'no Slack signature',
  stale: 'timestamp outside the accepted window',
  bad_signature: 'signature does not match the body',
} as const;

/**
 * A refusal is counted (the ForgedJobs metric and alarm, per invocation) and tallied per reason and
 * minute: the sweeper records each minute as one `forged_job_refused` event with its count, so a
 * flood of forged invocations adds one event a minute, not one each, and real appends are not
 * starved. Without a tally, or if it fails, the refusal is its own event, as before.
 */
async function refuse(
  deps: ServiceDependencies,
  reason: keyof typeof REASONS,
  claimedUserId: string | undefined,
  nowMs: number,
): Promise<void> {
  deps.logger.warn('forged job refused', { reason, claimedUserId: claimedUserId ?? 'none' });
  deps.metrics.count(METRIC.forgedJobsRefused);
  const tally = refusalsOf(deps);
  if (tally) {
    try {
      return await tally.add(REASONS[reason], new Date(nowMs).toISOString().slice(0, 16), claimedUserId);
    } catch (error) {
      deps.logger.warn('could not tally a forged job; recording it alone', {
        error: String((error as Error).name),
      });
    }
  }
  await record(deps, {
    type: 'forged_job_refused',
    outcome: 'refused',
    actorId: SYSTEM_ACTOR,
    ...(claimedUserId ? { subjectUserId: claimedUserId } : {}),
    detail: `${REASONS[reason]}; claimed to be ${claimedUserId ?? 'nobody'} (unverified)`,
  });
}
