import type { SlackMessage } from '../../ports/messenger.js';
import type { DelistedKey, UnknownKey } from '../../ports/notices/sweep-notices.js';
import { context, mention, section, slackDate } from './format.js';
import { revokeNowButton } from './lifecycle-messages.js';

/** Keys listed in one post: two sections of 20 lines (each line at most ~90 characters). */
export const UNKNOWN_KEYS_PER_POST = 40;
const LINES_PER_SECTION = 20;

/**
 * Posts for the approvers' channel about keys that exist without a bucket-key record. Every key
 * is listed in full, split over as many posts as needed so each stays within Block Kit's limits;
 * each post says which keys it carries, so the sweeper records a key as reported only once its
 * own post went out.
 */
export function unknownKeysReports<K extends UnknownKey>(
  keys: readonly K[],
): Array<{ keys: K[]; message: SlackMessage }> {
  const posts: K[][] = [];
  for (let i = 0; i < keys.length; i += UNKNOWN_KEYS_PER_POST)
    posts.push(keys.slice(i, i + UNKNOWN_KEYS_PER_POST));
  return posts.map((part, n) => ({
    keys: part,
    message: unknownKeysFound(part, { number: n + 1, of: posts.length, total: keys.length }),
  }));
}

function unknownKeysFound(
  keys: readonly UnknownKey[],
  part: { number: number; of: number; total: number },
): SlackMessage {
  const which = part.of > 1 ? ` (part ${part.number} of ${part.of})` : '';
  const lines = keys.map((k) => `• \`${k.accessKeyId}\` on *${k.bucket}*`);
  const sections = [];
  for (let i = 0; i < lines.length; i += LINES_PER_SECTION)
    sections.push(section(lines.slice(i, i + LINES_PER_SECTION).join('\n')));
  return {
    text: `Found ${part.total} access key(s) that bucket-key did not issue${which}`,
    blocks: [
      section(`:mag: *Found ${part.total} access key(s) that bucket-key has no record of*${which}`),
      ...sections,
      context(
        'Made outside the bot, or by an issue that was interrupted. Check `/bucket-key list <bucket>`; revoke what nobody owns.',
      ),
    ],
  };
}

/**
 * Told once when a bucket leaves the policy while keys the bot issued live on it: each key with
 * its holder and a Revoke button (approvers of its grant and the default approvers may press it).
 */
export function bucketDelistedWithKeys(
  bucket: string,
  region: string,
  keys: readonly DelistedKey[],
): SlackMessage {
  return {
    text: `${bucket} left the policy but still holds ${keys.length} key(s) bucket-key issued`,
    blocks: [
      section(
        `:warning: *${bucket}* (${region}) is no longer in the policy, but still holds ${keys.length} key(s) bucket-key issued. They keep working until revoked or expired.`,
      ),
      ...keys.map((key) => ({
        ...section(
          `• \`${key.accessKeyId}\`, held by ${mention(key.holderId)}${key.expiresAt ? `, expires ${slackDate(key.expiresAt)}` : ', no expiry'}`,
        ),
        accessory: revokeNowButton(bucket, key.accessKeyId),
      })),
      context('No new key is issued for this bucket. Revoke deletes the key and every rotation of it.'),
    ],
  };
}
