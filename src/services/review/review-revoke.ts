import type { ReviewEntry } from '../../domain/review.js';
import type { ReviewRevocation } from '../../ports/notices/review-notices.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';
import { revokeGrant } from '../revoke-rotate/revoke-grant.js';

/**
 * Revokes the grant of a key a review revoked (or that lapsed), and notes in the campaign whether
 * every key of it is gone. A Lightsail failure leaves the key listed as "revoke failed": the grant is
 * REVOKED already (nothing can be rotated into it), and the next sweep deletes what survives.
 */
export async function revokeReviewed(
  deps: ServiceDependencies,
  campaignId: string,
  entry: ReviewEntry,
  by: { userId: string; why: string },
): Promise<ReviewRevocation> {
  const at = deps.clock.now().toISOString();
  let revocation: ReviewRevocation;
  try {
    revocation = await revokeGrant(deps, entry.grantId, by);
  } catch (error) {
    deps.logger.error('could not revoke a grant under review; the next sweep tries again', {
      campaignId,
      grantId: entry.grantId,
      error: describeError(error),
    });
    const name = String(describeError(error).name);
    revocation = {
      deleted: [],
      surviving: entry.keys.map((key) => ({ accessKeyId: key.accessKeyId, error: name })),
    };
  }
  const failed = revocation.surviving.map((s) => `${s.accessKeyId} (${s.error})`).join(', ');
  // Lost only when another revoke of this key noted `done` first.
  await wroteFirst(() =>
    deps.campaigns.noteRevoke(
      campaignId,
      entry.grantId,
      failed ? { state: 'failed', at, error: failed } : { state: 'done', at },
    ),
  );
  return revocation;
}
