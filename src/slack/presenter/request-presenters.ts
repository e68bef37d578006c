import type { StatusOutcome } from '../../services/home/show-status.js';
import type { CancelOutcome } from '../../services/request/cancel-request.js';
import { cancelRefused, requestCancelled } from '../messages/requester-replies.js';
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
