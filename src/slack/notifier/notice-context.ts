import type { Logger } from '../../ports/logger.js';
import type { Messenger } from '../../ports/messenger.js';
import { describeError } from '../../services/failures.js';

/** What every group of notices needs: the Slack calls, where the approvers are, and a log for failures. */
export interface NoticeContext {
  messenger: Messenger;
  approvalChannelId: string;
  logger: Logger;
}

/**
 * For a notice whose failure must not stop the use case: the failure is logged as a warning with
 * `what` and the fields given, and swallowed.
 */
export async function quietly(
  context: NoticeContext,
  what: string,
  fields: Record<string, unknown>,
  send: () => Promise<unknown>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    context.logger.warn(what, { ...fields, error: describeError(error) });
  }
}
