import type { SlackMessage } from '../../ports/messenger.js';
import { describeError } from '../../services/failures.js';
import type { NoticeContext } from './notice-context.js';

/** A DM to the person, as a reply to them goes: a failure is logged, never thrown. */
export async function tellInDm(context: NoticeContext, userId: string, message: SlackMessage): Promise<void> {
  try {
    await context.messenger.directMessage(userId, message);
  } catch (error) {
    context.logger.warn('could not answer the user', { userId, error: describeError(error) });
  }
}
