import type { SlackMessage } from '../../ports/messenger.js';
import type { KeysDeleted, RepairCause } from '../../ports/notices/key-notices.js';
import { context, section } from './format.js';

const WHY: Record<RepairCause, string> = {
  interrupted_issue: 'it was recorded for this request, whose issue stopped before the key was marked issued',
  timed_out_create:
    'the create for this request got no usable answer from Lightsail and its claim timed out; the key appeared while it was being made, was not on the bucket before, and no request records it',
  failed_create:
    'Lightsail answered the create for this request with an error or without a key id; the key appeared while it was being made, was not on the bucket before, and no request records it',
  create_without_secret:
    'Lightsail made it for this request but answered without its secret, so nobody has it',
  revoked_during_issue:
    'the access this request was issued under was revoked while the key was being made; the key appeared then, was not on the bucket before, and no request records it',
};

/** Posted to the approvers' channel whenever a repair deletes keys, so a deletion is never silent. */
export function keysDeletedByRepair(deleted: KeysDeleted): SlackMessage {
  const keys = deleted.accessKeyIds.map((id) => `\`${id}\``).join(', ');
  return {
    text: `bucket-key deleted ${deleted.accessKeyIds.length} access key(s) on ${deleted.bucket} while repairing ${deleted.requestId}`,
    blocks: [
      section(
        `:broom: *Deleted ${keys} on ${deleted.bucket}* (${deleted.region}) while repairing request \`${deleted.requestId}\`.`,
      ),
      context(
        `Why: ${WHY[deleted.cause]}. If someone made it by hand, they need a new key: a deleted key cannot be restored.`,
      ),
    ],
  };
}
