import type { SlackMessage } from '../../ports/messenger.js';
import { context, section } from './format.js';

/** Why a repair deleted keys, in the approvers' words. */
export type RepairCause =
  /** The claim recorded the key, then stopped before the key was marked issued. */
  | 'interrupted_issue'
  /** The create got no usable answer and the claim timed out; the key appeared during the claim. */
  | 'timed_out_create'
  /** Lightsail answered the create with an error or without a key id; the key appeared during the claim. */
  | 'failed_create'
  /** Lightsail made the key but answered without its secret. */
  | 'create_without_secret'
  /** The request's grant was revoked while its key was being made. */
  | 'revoked_during_issue';

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

export interface KeysDeleted {
  bucket: string;
  region: string;
  requestId: string;
  accessKeyIds: readonly string[];
  cause: RepairCause;
}

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
