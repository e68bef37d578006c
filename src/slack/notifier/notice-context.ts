import type { Logger } from '../../ports/logger.js';
import type { Messenger } from '../../ports/messenger.js';

/** What every group of notices needs: the Slack calls, where the approvers are, and a log for failures. */
export interface NoticeContext {
  messenger: Messenger;
  approvalChannelId: string;
  logger: Logger;
}
