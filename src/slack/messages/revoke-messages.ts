import type { SlackMessage } from '../../ports/messenger.js';
import { mention, section, simple } from './format.js';
import { ACTION } from './ids.js';

/** Asked before anything is deleted; the buttons carry only what to revoke, never who may. */
export function confirmRevoke(bucket: string, accessKeyId: string): SlackMessage {
  return {
    text: `Revoke key ${accessKeyId} on ${bucket}?`,
    blocks: [
      section(
        `:warning: Revoke key \`${accessKeyId}\` on *${bucket}*? Anything using it stops working at once.`,
      ),
      {
        type: 'actions',
        block_id: 'revoke',
        elements: [
          {
            type: 'button',
            action_id: ACTION.revokeConfirm,
            style: 'danger',
            text: { type: 'plain_text', text: 'Revoke key' },
            value: `${bucket} ${accessKeyId}`,
          },
          {
            type: 'button',
            action_id: ACTION.revokeCancel,
            text: { type: 'plain_text', text: 'Cancel' },
            value: 'cancel',
          },
        ],
      },
    ],
  };
}

export const revokeCancelled = (): SlackMessage => simple('Nothing was revoked.');

export function keyRevoked(bucket: string, accessKeyId: string): SlackMessage {
  return simple(`:wastebasket: Key \`${accessKeyId}\` on *${bucket}* is revoked and deleted.`);
}

export function revokeRefused(bucket: string): SlackMessage {
  return simple(
    `:no_entry: Only the person a key was issued to, or an approver for *${bucket}*, may revoke it. This attempt has been recorded.`,
  );
}

export function keyNotFound(bucket: string, accessKeyId: string): SlackMessage {
  return simple(`There is no key \`${accessKeyId}\` on *${bucket}*.`);
}

export function yourKeyExpired(bucket: string, accessKeyId: string): SlackMessage {
  return simple(
    `:hourglass: Your key \`${accessKeyId}\` on *${bucket}* reached its maximum age and was deleted. Run \`/bucket-key create ${bucket}\` for a new one.`,
  );
}

/** An approver revoked a key of someone's grant: every key of that grant, and what survived. */
export function grantRevoked(
  bucket: string,
  deleted: readonly string[],
  surviving: ReadonlyArray<{ accessKeyId: string; error: string }>,
): SlackMessage {
  const gone = deleted.length ? deleted.map((key) => `\`${key}\``).join(', ') : 'no key';
  const left = surviving.map((s) => `\`${s.accessKeyId}\` (${s.error})`).join(', ');
  const note = surviving.length
    ? `:warning: Lightsail did not delete ${left}: it is still alive. Try again; the sweeper retries too. This was recorded.`
    : undefined;
  return simple(
    `:wastebasket: Revoked the access on *${bucket}* that key was issued under: deleted ${gone}, rotations included.`,
    note,
  );
}

/** The holder's keys that an approver's revoke of their grant deleted. */
export function yourAccessRevoked(bucket: string, deleted: readonly string[], by: string): SlackMessage {
  return simple(
    `:wastebasket: ${mention(by)} revoked your access to *${bucket}*: deleted ${deleted.map((key) => `\`${key}\``).join(', ')}.`,
  );
}
