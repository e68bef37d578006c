import { chainHeadPost } from '../../slack/messages/audit-chain-messages.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/**
 * Once a day, posts the audit chain's head (seq and hash) to the approvers' channel: an outside
 * witness, so a chain rewritten in DynamoDB cannot match what Slack shows. The day is claimed with
 * one conditional put first, so concurrent sweeps post once; a post that then fails is logged and
 * that day has no witness (the next day's head covers everything before it).
 */
export async function postChainHead(deps: ServiceDependencies): Promise<boolean> {
  try {
    const head = await deps.audit.head();
    if (!head) return false;
    const posted = { day: deps.clock.now().toISOString().slice(0, 10), seq: head.seq, hash: head.hash };
    if (!(await deps.audit.recordPostedHead(posted))) return false;
    await deps.messenger.post(deps.settings.approvalChannelId, chainHeadPost(posted));
    return true;
  } catch (error) {
    deps.logger.error('could not post the audit chain head', { error: describeError(error) });
    return false;
  }
}
