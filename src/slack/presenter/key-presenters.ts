import type { ListOutcome } from '../../services/revoke-rotate/list-keys.js';
import type { RevokeOutcome } from '../../services/revoke-rotate/revoke-key.js';
import { keyList } from '../messages/key-list.js';
import { bucketNotAllowed } from '../messages/requester-replies.js';
import {
  grantRevoked,
  keyNotFound,
  keyRevoked,
  revokeRefused,
  yourAccessRevoked,
} from '../messages/revoke-messages.js';
import type { Presentation } from './deliveries.js';

type Answered<O> = Exclude<O, { kind: 'failed' }>;

/** `/bucket-key list`: the answer replaces the command's acknowledgement. */
export function presentList(outcome: Answered<ListOutcome>): Presentation {
  const message =
    outcome.kind === 'bucket_not_allowed'
      ? bucketNotAllowed(outcome.bucket)
      : keyList(outcome.bucket, outcome.region, outcome.keys, outcome.records);
  return { deliveries: [{ to: 'origin', message, replaceOriginal: true }] };
}

/**
 * A confirmed revoke: the answer replaces the confirmation (or the message whose Revoke was pressed);
 * the holder hears of an approver's revoke of their grant; a key revoked from App Home redraws the tab.
 * The policy refusal of an unknown bucket does not replace: nothing was confirmed yet.
 */
export function presentRevoke(
  outcome: Answered<RevokeOutcome>,
  origin: { userId: string; fromHome: boolean },
): Presentation {
  const replace = { to: 'origin' as const, replaceOriginal: true };
  const refreshHome = origin.fromHome;
  switch (outcome.kind) {
    case 'bucket_not_allowed':
      return { deliveries: [{ to: 'origin', message: bucketNotAllowed(outcome.bucket) }] };
    case 'revoke_refused':
      return { deliveries: [{ ...replace, message: revokeRefused(outcome.bucket) }] };
    case 'key_not_found':
      return { deliveries: [{ ...replace, message: keyNotFound(outcome.bucket, outcome.accessKeyId) }] };
    case 'key_revoked':
      return {
        deliveries: [{ ...replace, message: keyRevoked(outcome.bucket, outcome.accessKeyId) }],
        refreshHome,
      };
    case 'grant_revoked': {
      const { deleted, surviving } = outcome.revocation;
      const told = deleted.length
        ? [
            {
              to: { userId: outcome.holderId },
              message: yourAccessRevoked(outcome.bucket, deleted, origin.userId),
            },
          ]
        : [];
      return {
        deliveries: [{ ...replace, message: grantRevoked(outcome.bucket, deleted, surviving) }, ...told],
        refreshHome,
      };
    }
  }
}
