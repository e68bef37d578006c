import type { AccessRequest } from '../../domain/access-request.js';
import { describeDuration } from '../../domain/duration.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { SlackMessage } from '../../ports/messenger.js';
import type { SecretDelivery } from '../../ports/notices/key-notices.js';
import { context, fields, section, simple, slackDate } from './format.js';
import { slotHolders } from './key-lines.js';
import { revokeNowButton } from './lifecycle-messages.js';

/** The one message that ever holds a secret. Sent only as an ephemeral message in the requester's DM. */
export function secretMessage(delivery: SecretDelivery): SlackMessage {
  return {
    text: `Your access key for ${delivery.bucket} is ready. It is shown once.`,
    blocks: [
      section(`:key: Your access key for *${delivery.bucket}*`),
      fields([
        ['Access key id', `\`${delivery.accessKeyId}\``],
        ['Region', delivery.region],
        ['Endpoint', delivery.endpoint],
        ['Expires', delivery.expiresAt ? slackDate(delivery.expiresAt) : 'when revoked'],
      ]),
      section(`*Secret access key*\n\`\`\`${delivery.secretAccessKey}\`\`\``),
      context(
        ':warning: Copy it now. This is the only time the secret is shown: it is not stored anywhere and vanishes when Slack reloads. The key opens the whole bucket.',
      ),
      // "I'm done": the same rules as /bucket-key revoke, after Slack's confirmation dialog.
      {
        type: 'actions',
        block_id: 'done',
        elements: [revokeNowButton(delivery.bucket, delivery.accessKeyId)],
      },
    ],
  };
}

export function keyDelivered(request: AccessRequest): SlackMessage {
  return simple(
    `:white_check_mark: Key \`${request.accessKeyId ?? ''}\` for *${request.bucket}* is ready: the secret is in our DM, visible only to you, once.`,
  );
}

export function keyLimitReached(bucket: string, keys: readonly BucketKey[]): SlackMessage {
  const list = slotHolders(keys);
  return {
    text: `${bucket} already holds ${keys.length} keys, the most Lightsail allows.`,
    blocks: [
      section(
        `:no_entry: *${bucket}* already holds ${keys.length} access keys, the most Lightsail allows. Your approval is still valid.`,
      ),
      ...(list ? [section(list)] : []),
      context(
        `Revoke one with \`/bucket-key revoke ${bucket} <access-key-id>\`, then create your key again.`,
      ),
    ],
  };
}

/** The secret went out but the record could not be written: the key will be deleted, fail closed. */
export function keyNotRecorded(
  request: AccessRequest,
  accessKeyId: string,
  issuingTimeoutMs: number,
): SlackMessage {
  return simple(
    `:warning: I showed you key \`${accessKeyId}\` for *${request.bucket}* but could not record it, so it will be deleted within ${describeDuration(issuingTimeoutMs)}. Don't rely on it.`,
    `Your approval \`${request.requestId}\` comes back then; run \`/bucket-key create ${request.bucket}\` for a key that stays.`,
  );
}
