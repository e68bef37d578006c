import { randomBytes } from 'node:crypto';
import { KeyIssuerError, MessengerError } from '../domain/errors.js';
import type { SlackMessage } from '../ports/messenger.js';
import { botMisconfigured, lightsailProblem, somethingWentWrong } from '../slack/messages/error-messages.js';
import type { ServiceDependencies } from './dependencies.js';
import { type RequestableBuckets, requestableBuckets } from './request/requestable-buckets.js';

// When something fails: what the person sees, and the log line that explains it, tied by a reference.

/** How many bucket names a "no such bucket" answer suggests. */
const SUGGESTED_BUCKETS = 10;

/** A short id that ties what the user sees to the log line that explains it. */
export function newReference(): string {
  return randomBytes(4).toString('hex');
}

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

/** Name, code and message only: SDK errors can carry request and response objects. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof MessengerError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof KeyIssuerError)
    return { name: error.name, code: error.code, aws: error.awsName, message: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
  }
  return { name: 'NonError', message: String(error) };
}
