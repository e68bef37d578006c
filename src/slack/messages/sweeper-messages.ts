import type { SlackMessage } from '../../ports/messenger.js';
import { context, section } from './format.js';

/** Posted to the approvers' channel: keys that exist without a bucket-key record. */
export function unknownKeysFound(keys: ReadonlyArray<{ bucket: string; accessKeyId: string }>): SlackMessage {
  return {
    text: `Found ${keys.length} access key(s) that bucket-key did not issue`,
    blocks: [
      section(`:mag: *Found ${keys.length} access key(s) that bucket-key has no record of*`),
      section(keys.map((k) => `• \`${k.accessKeyId}\` on *${k.bucket}*`).join('\n')),
      context(
        'Made outside the bot, or by an issue that was interrupted. Check `/bucket-key list <bucket>`; revoke what nobody owns.',
      ),
    ],
  };
}
