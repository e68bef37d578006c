import { repostUnreviewedBreakGlass } from '../break-glass/sweep-break-glass.js';
import type { ServiceDependencies } from '../dependencies.js';
import { sendReminders } from './sweep-reminders.js';

/** The sweeper's approval-rule duties: reminders on pending cards, re-posts of unreviewed break-glass. */
export async function sweepApprovalRules(
  deps: ServiceDependencies,
  now: string,
): Promise<{ reminders: number; breakGlassReposts: number }> {
  return {
    reminders: await sendReminders(deps, now),
    breakGlassReposts: await repostUnreviewedBreakGlass(deps, now),
  };
}
