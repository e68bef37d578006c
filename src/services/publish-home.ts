import { homeView } from '../slack/messages/home-view.js';
import { isApproverFor } from './approvers.js';
import type { ServiceDependencies } from './dependencies.js';
import { STATUS_LENGTH } from './show-status.js';

/** Pending requests looked at for one Home tab; the view says "N+" when there are more. */
const PENDING_LOOKED_AT = 500;

/** App Home: the user's own requests, and for approvers the pending requests they may decide. */
export async function publishHome(deps: ServiceDependencies, userId: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  const [own, pending] = await Promise.all([
    deps.requests.listByRequester(userId, STATUS_LENGTH),
    deps.requests.listOpen('PENDING', now, PENDING_LOOKED_AT),
  ]);
  const decidable = [];
  for (const request of pending) {
    if (request.requesterId !== userId && (await isApproverFor(deps, request.bucket, userId)))
      decidable.push(request);
  }
  const approvesAnything =
    decidable.length > 0 || (await deps.directory.expand(deps.policy.allApprovers())).has(userId);
  const toDecide = {
    requests: decidable,
    complete: pending.length < PENDING_LOOKED_AT,
    channelId: deps.settings.approvalChannelId,
  };
  await deps.messenger.publishHome(userId, homeView(own, approvesAnything ? toDecide : undefined));
}
