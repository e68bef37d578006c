import { KeyIssuerError } from '../domain/errors.js';
import type { SlackMessage } from '../ports/messenger.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { describeError, newReference } from '../services/failures.js';
import { type RequestableBuckets, requestableBuckets } from '../services/request/requestable-buckets.js';
import { botMisconfigured, lightsailProblem, somethingWentWrong } from '../slack/messages/error-messages.js';

// When a call fails: what the person sees, and the log line that explains it, tied by a reference.

/** How many bucket names a "no such bucket" answer suggests. */
const SUGGESTED_BUCKETS = 10;

/** Turns a failure into what the user sees, logs it under a reference, and alerts approvers when the bot itself is broken. */
export async function explainFailure(
  deps: ServiceDependencies,
  error: unknown,
  where: { bucket: string; region: string; action: string },
): Promise<SlackMessage> {
  const ref = newReference();
  deps.logger.error(`${where.action} failed`, {
    ref,
    bucket: where.bucket,
    region: where.region,
    error: describeError(error),
  });
  if (!(error instanceof KeyIssuerError)) return somethingWentWrong(ref);
  if (error.reason === 'access_denied' || error.reason === 'unauthenticated') {
    await deps.messenger
      .post(deps.settings.approvalChannelId, botMisconfigured(error, ref))
      .catch((alertFailure: unknown) =>
        deps.logger.warn('could not alert approvers', { error: describeError(alertFailure) }),
      );
  }
  const suggestions = error.reason === 'bucket_not_found' ? await suggestBuckets(deps) : undefined;
  return lightsailProblem(error, where.bucket, where.region, ref, suggestions);
}

/** Best effort: a failure to list buckets must not hide the answer it was meant to improve. */
async function suggestBuckets(deps: ServiceDependencies): Promise<RequestableBuckets | undefined> {
  try {
    return await requestableBuckets(deps, SUGGESTED_BUCKETS);
  } catch (error) {
    deps.logger.warn('could not list the buckets to suggest', { error: describeError(error) });
    return undefined;
  }
}
