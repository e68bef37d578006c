import type { BucketKey } from '../../ports/key-issuer.js';
import { slackDate } from './format.js';

/** The keys holding a bucket's two slots, one line each: when each was made and last used. */
export function slotHolders(keys: readonly BucketKey[]): string {
  return keys
    .map(
      (key) =>
        `• \`${key.accessKeyId}\` created ${slackDate(key.createdAt)}, last used ${key.lastUsedAt ? slackDate(key.lastUsedAt) : 'never'}`,
    )
    .join('\n');
}
