import { reminderDueAt } from '../../domain/approval-rules.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';

const BATCH = 100;

/**
 * Reminders in the thread of each pending card whose bucket has `reminders`: the n-th is due at
 * after × (2ⁿ − 1) past creation. Each is taken by one conditional write of the counter before it is
 * posted, so concurrent sweeps send it once; a failed post gives it back for the next sweep.
 */
export async function sendReminders(deps: ServiceDependencies, nowIso: string): Promise<number> {
  const now = Date.parse(nowIso);
  let sent = 0;
  for (const request of await deps.requests.listOpen('PENDING', nowIso, BATCH)) {
    const rules = deps.policy.rulesFor(request.bucket);
    const reminders = rules && deps.policy.approvalRulesFor(request.bucket).reminders;
    if (!rules || !reminders || !request.approvalMessage) continue;
    const n = (request.remindersSent ?? 0) + 1;
    if (n > reminders.times || reminderDueAt(request.createdAt, reminders, n).getTime() > now) continue;
    if (!(await wroteFirst(() => deps.requests.takeReminder(request.requestId, n)))) continue;
    try {
      await deps.notifier.approvalReminder(request, request.approvalMessage, {
        n,
        times: reminders.times,
        approvers: rules.approvers,
        escalateTo: reminders.escalateTo,
      });
    } catch (error) {
      deps.logger.warn('reminder not posted; the next sweep sends it', {
        requestId: request.requestId,
        error: describeError(error),
      });
      await deps.requests.returnReminder(request.requestId, n).catch(() => undefined);
      continue;
    }
    const escalated = n === reminders.times && reminders.escalateTo.length > 0;
    await record(deps, {
      type: 'reminder_sent',
      outcome: 'ok',
      actorId: SYSTEM_ACTOR,
      ...aboutRequest(request),
      detail: `${n} of ${reminders.times}${escalated ? `; escalated to ${reminders.escalateTo.join(', ')}` : ''}`,
    });
    sent++;
  }
  return sent;
}
