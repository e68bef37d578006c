import { sweepAuditEvidence } from '../audit/sweep-evidence.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/**
 * The sweep's audit duties, then once a day the chain head (seq and hash) in the approvers' channel,
 * naming the newest signed checkpoint: an outside witness. First the outbox is drained (events whose
 * append failed), refusals counted since the last sweep are recorded, and the hourly checkpoint is
 * signed when due (sweep-evidence.ts). The day is claimed with one conditional put, so concurrent
 * sweeps post once; a post that then fails is logged and that day has no Slack witness (the signed
 * checkpoints are the evidence that does not depend on it).
 */
export async function postChainHead(deps: ServiceDependencies): Promise<boolean> {
  const checkpoint = await sweepAuditEvidence(deps);
  try {
    const head = await deps.audit.head();
    if (!head) return false;
    const posted = { day: deps.clock.now().toISOString().slice(0, 10), seq: head.seq, hash: head.hash };
    if (!(await deps.audit.recordPostedHead(posted))) return false;
    await deps.notifier.chainHeadWitnessed(posted, checkpoint);
    return true;
  } catch (error) {
    deps.logger.error('could not post the audit chain head', { error: describeError(error) });
    return false;
  }
}
