import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { mentionAll, simple } from './format.js';

/** "1 of 2 approvals: @alex", or "0 of 2 approvals" before anyone approved. */
export function quorumProgress(request: AccessRequest, required: number): string {
  const given = request.approvals ?? [];
  return `${given.length} of ${required} approvals${given.length ? `: ${mentionAll(given)}` : ''}`;
}

/** To the approver whose approval counted but did not complete the quorum. */
export function approvalCounted(request: AccessRequest, required: number): SlackMessage {
  const missing = required - (request.approvals?.length ?? 0);
  return simple(
    `:ballot_box_with_check: Your approval of \`${request.requestId}\` is recorded (${quorumProgress(request, required)}). ${missing} more needed.`,
  );
}

/** A second click by the same approver: it counts once. */
export function alreadyApprovedByYou(request: AccessRequest, required: number): SlackMessage {
  return simple(
    `You already approved \`${request.requestId}\` (${quorumProgress(request, required)}). Your click changed nothing.`,
  );
}

/** For `create` while the quorum is not met yet: what is still missing, and from whom. */
export function quorumMissing(
  request: AccessRequest,
  required: number,
  approvers: readonly string[],
): string {
  const missing = required - (request.approvals?.length ?? 0);
  return `${quorumProgress(request, required)} so far; ${missing} more needed from ${mentionAll(approvers)} (not you).`;
}
