import type { AccessRequest } from '../../domain/access-request.js';
import { describeDuration } from '../../domain/duration.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, section, simple, slackDate, truncate } from './format.js';
import { ACTION } from './ids.js';
import { slotHolders } from './key-lines.js';

/** Slack's limit for a button's label. */
const LABEL_MAX = 75;

/**
 * A Revoke button with Slack's confirmation dialog. Its value names only the key, as
 * `/bucket-key revoke` takes it; who may revoke is decided by the worker from the verified user.
 */
export function revokeNowButton(bucket: string, accessKeyId: string, label = 'Revoke') {
  return {
    type: 'button',
    action_id: ACTION.revokeNow,
    style: 'danger',
    text: { type: 'plain_text', text: truncate(label, LABEL_MAX) },
    value: `${bucket} ${accessKeyId}`,
    confirm: {
      title: { type: 'plain_text', text: 'Revoke this key?' },
      text: {
        type: 'mrkdwn',
        text: truncate(
          `Key \`${accessKeyId}\` on *${bucket}* is deleted at once; anything using it stops working.`,
          300,
        ),
      },
      confirm: { type: 'plain_text', text: 'Revoke key' },
      deny: { type: 'plain_text', text: 'Cancel' },
      style: 'danger',
    },
  };
}

export function rotateNowButton(bucket: string, accessKeyId: string) {
  return {
    type: 'button',
    action_id: ACTION.rotateNow,
    style: 'primary',
    text: { type: 'plain_text', text: 'Rotate now' },
    value: `${bucket} ${accessKeyId}`,
  };
}

const keyButtons = (bucket: string, accessKeyId: string) => ({
  type: 'actions',
  block_id: 'key_lifecycle',
  elements: [rotateNowButton(bucket, accessKeyId), revokeNowButton(bucket, accessKeyId, 'Revoke now')],
});

export function rotateRefusedNotIssued(bucket: string, accessKeyId: string): SlackMessage {
  return simple(
    `:no_entry: Key \`${accessKeyId}\` on *${bucket}* was not issued by bucket-key, so it cannot be rotated here. This attempt has been recorded.`,
    `Ask for a key of your own with \`/bucket-key create ${bucket}\`.`,
  );
}

export function rotateRefusedNotYours(bucket: string, accessKeyId: string): SlackMessage {
  return simple(
    `:no_entry: Only the person key \`${accessKeyId}\` on *${bucket}* was issued to may rotate it. This attempt has been recorded.`,
  );
}

/** A rotation needs the bucket's second slot for the new key while the old one lives on. */
export function rotateNoFreeSlot(bucket: string, keys: readonly BucketKey[]): SlackMessage {
  const list = slotHolders(keys);
  return {
    text: `${bucket} has no free slot for a new key: it holds ${keys.length}, the most Lightsail allows.`,
    blocks: [
      section(
        `:no_entry: *${bucket}* has no free slot for the new key: it holds ${keys.length} access keys, the most Lightsail allows, and your old key must live on until your application has moved.`,
      ),
      ...(list ? [section(list)] : []),
      context(
        `Revoke one with \`/bucket-key revoke ${bucket} <access-key-id>\` (see \`/bucket-key list ${bucket}\` for who holds each), then rotate again.`,
      ),
    ],
  };
}

export function alreadyRotating(request: AccessRequest): SlackMessage {
  return simple(
    `Key \`${request.accessKeyId ?? ''}\` on *${request.bucket}* is already replaced by \`${request.replacedBy ?? ''}\`; it is deleted by ${slackDate(request.retireBy ?? request.createdAt)} at the latest.`,
  );
}

export function rotationBlockedByOpenRequest(request: AccessRequest): SlackMessage {
  return simple(
    `You already have request \`${request.requestId}\` for *${request.bucket}* under way (${request.state.toLowerCase()}). Finish it, or let it expire, before rotating.`,
  );
}

/** Sent once the new key's secret is in the DM. */
export function rotationStarted(old: AccessRequest, newKeyId: string, retireBy: string): SlackMessage {
  return simple(
    `:arrows_counterclockwise: Key \`${newKeyId}\` replaces \`${old.accessKeyId ?? ''}\` on *${old.bucket}*. Move your application to the new key: the old one is deleted as soon as Lightsail shows the new key in use and the old one idle since, and by ${slackDate(retireBy)} at the latest.`,
  );
}

export function oldKeyRetiredDm(request: AccessRequest, why: string): SlackMessage {
  return simple(
    `:wastebasket: Your old key \`${request.accessKeyId ?? ''}\` on *${request.bucket}* was deleted: ${why}. Key \`${request.replacedBy ?? ''}\` replaces it.`,
  );
}

export function expiryWarning(request: AccessRequest): SlackMessage {
  const when = slackDate(request.keyExpiresAt ?? request.createdAt);
  return {
    text: `Your key ${request.accessKeyId ?? ''} on ${request.bucket} expires ${request.keyExpiresAt ?? ''}.`,
    blocks: [
      section(
        `:hourglass: Your key \`${request.accessKeyId ?? ''}\` on *${request.bucket}* expires ${when} and will then be deleted.`,
      ),
      context(
        'Rotate now for a new key (the old one lives on while you move to it), or revoke it if you are done.',
      ),
      keyButtons(request.bucket, request.accessKeyId ?? ''),
    ],
  };
}

export function idleWarning(request: AccessRequest, idleSince: string, deleteAt: string): SlackMessage {
  const since =
    request.issuedAt === idleSince
      ? 'has not been used since it was issued'
      : `was last used ${slackDate(idleSince)}`;
  return {
    text: `Your key ${request.accessKeyId ?? ''} on ${request.bucket} is idle and will be deleted ${deleteAt}.`,
    blocks: [
      section(
        `:zzz: Your key \`${request.accessKeyId ?? ''}\` on *${request.bucket}* ${since}. Unless it is used, it is deleted ${slackDate(deleteAt)}.`,
      ),
      context('Using the key keeps it. Rotate now for a fresh key, or revoke it if you are done.'),
      keyButtons(request.bucket, request.accessKeyId ?? ''),
    ],
  };
}

export function idleKeyDeleted(request: AccessRequest, idleMaxMs: number): SlackMessage {
  return simple(
    `:wastebasket: Your key \`${request.accessKeyId ?? ''}\` on *${request.bucket}* was unused for ${describeDuration(idleMaxMs)} and was deleted. Run \`/bucket-key create ${request.bucket}\` for a new one.`,
  );
}

/** The key's grant has ended: a rotation cannot extend it, only a new request can. */
export function rotateRefusedGrantEnded(bucket: string, accessKeyId: string, revoked: boolean): SlackMessage {
  return simple(
    `:no_entry: Key \`${accessKeyId}\` on *${bucket}* cannot be rotated: the access it was issued under ${revoked ? 'was revoked' : 'has expired'}, and a rotation never extends it. This attempt has been recorded.`,
    `Ask for a new key with \`/bucket-key create ${bucket} <reason>\`.`,
  );
}

/** The bucket left the policy: its keys can be revoked, but no new key is made there. */
export function rotateRefusedBucketDelisted(bucket: string, accessKeyId: string): SlackMessage {
  return simple(
    `:no_entry: *${bucket}* is no longer a bucket keys are issued for here, so key \`${accessKeyId}\` cannot be rotated. You can still revoke it with \`/bucket-key revoke ${bucket} ${accessKeyId}\`. This attempt has been recorded.`,
  );
}

/** Rotations on this bucket need an approval, which would turn a break-glass key into an approved one. */
export function rotateRefusedBreakGlass(bucket: string, accessKeyId: string): SlackMessage {
  return simple(
    `:no_entry: Key \`${accessKeyId}\` on *${bucket}* is a break-glass key, and rotations on *${bucket}* need an approval, so it cannot be rotated. This attempt has been recorded.`,
    `Ask for a key with \`/bucket-key create ${bucket} <reason>\`; the break-glass key ends on its own.`,
  );
}
