import type { PolicyNotices } from '../../ports/notices/policy-notices.js';
import { policyAppliedNotice, policyRefusedNotice } from '../messages/policy-messages.js';
import type { NoticeContext } from './notice-context.js';

/** Policy notices, worded with the builders in ../messages/, in the approvers' channel. */
export function policyNotices(context: NoticeContext): PolicyNotices {
  const post = async (message: Parameters<NoticeContext['messenger']['post']>[1], version: number) => {
    try {
      await context.messenger.post(context.approvalChannelId, message);
    } catch (error) {
      // The audit chain holds the record; a lost post is logged, and nothing is retried.
      context.logger.warn('could not tell the approvers of a policy version', {
        version,
        error: (error as Error).message,
      });
    }
  };
  return {
    policyApplied: (applied) => post(policyAppliedNotice(applied), applied.version),
    policyRefused: (refused) => post(policyRefusedNotice(refused), refused.version),
  };
}
