import type { SlackMessage } from '../ports/messenger.js';
import type { ServiceDependencies } from './dependencies.js';
import { describeError } from './failures.js';

/** Answers the person who asked; a failure to answer is logged, never thrown. */
export async function reply(
  deps: ServiceDependencies,
  target: { userId: string; responseUrl?: string | undefined },
  message: SlackMessage,
  options: { replaceOriginal?: boolean } = {},
): Promise<void> {
  try {
    if (target.responseUrl) await deps.messenger.respond(target.responseUrl, { ...message, ...options });
    else await deps.messenger.directMessage(target.userId, message);
  } catch (error) {
    deps.logger.warn('could not answer the user', { userId: target.userId, error: describeError(error) });
  }
}
