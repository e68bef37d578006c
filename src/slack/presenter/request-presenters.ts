import type { SlackMessage } from '../../ports/messenger.js';
import type { StatusOutcome } from '../../services/home/show-status.js';
import type { CancelOutcome } from '../../services/request/cancel-request.js';
import type { DecideOutcome } from '../../services/request/decide-request.js';
import {
  alreadyDecided,
  notAnApprover,
  selfApprovalRefused,
  unknownRequest,
} from '../messages/approver-replies.js';
import { alreadyApprovedByYou, approvalCounted } from '../messages/quorum-messages.js';
import { approvedDm, cancelRefused, deniedDm, requestCancelled } from '../messages/requester-replies.js';
import { statusMessage } from '../messages/status.js';
import type { Presentation } from './deliveries.js';

/** `/bucket-key status`: in place of the command's acknowledgement. */
export function presentStatus(outcome: StatusOutcome): Presentation {
  return { deliveries: [{ to: 'origin', message: statusMessage(outcome.requests), replaceOriginal: true }] };
}

/** Cancel request, from App Home: a note in the DM, and the tab drawn again either way. */
export function presentCancel(outcome: CancelOutcome): Presentation {
  const message =
    outcome.kind === 'request_cancelled'
      ? requestCancelled(outcome.request)
      : cancelRefused(outcome.requestId);
  return { deliveries: [{ to: 'origin', message }], refreshHome: true };
}

/**
 * An approver's click: answered where they clicked, never in place of the card (the card is updated
 * on its own). A decision is told to the requester in their DM; a click in App Home redraws it.
 */
export function presentDecide(outcome: DecideOutcome, origin: { fromHome: boolean }): Presentation {
  const answer = (message: SlackMessage): Presentation => ({ deliveries: [{ to: 'origin', message }] });
  switch (outcome.kind) {
    case 'unknown_request':
      return answer(unknownRequest());
    case 'not_an_approver':
      return answer(notAnApprover(outcome.request));
    case 'self_approval_refused':
      return answer(selfApprovalRefused());
    case 'already_decided':
      return answer(alreadyDecided(outcome.request));
    case 'already_approved_by_you':
      return answer(alreadyApprovedByYou(outcome.request, outcome.approvalsRequired));
    case 'approval_counted':
      return {
        ...answer(approvalCounted(outcome.request, outcome.approvalsRequired)),
        refreshHome: origin.fromHome,
      };
    case 'request_decided': {
      const { request, approved, approvalTtlMs } = outcome;
      const message = approved ? approvedDm(request, approvalTtlMs) : deniedDm(request);
      return { deliveries: [{ to: { userId: request.requesterId }, message }], refreshHome: origin.fromHome };
    }
  }
}
