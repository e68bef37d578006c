import { isDecidable, type LastUse, type ReviewCampaign } from '../../domain/review.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { ReviewerView } from '../../ports/notices/review-notices.js';
import { lastUseOf } from './review-keys.js';
import type { CampaignReviewers } from './reviewers.js';

/** What Lightsail shows of a campaign's keys now: their last use, and those it no longer has. */
export interface SeenNow {
  lastUse: Record<string, LastUse>;
  missing: string[];
}

export function seenNow(
  campaign: ReviewCampaign,
  bucketKeys: readonly BucketKey[] | undefined,
): SeenNow | undefined {
  if (!bucketKeys) return undefined;
  const present = new Set(bucketKeys.map((key) => key.accessKeyId));
  const ours = Object.values(campaign.entries).flatMap((entry) => entry.keys.map((key) => key.accessKeyId));
  return { lastUse: lastUseOf(bucketKeys), missing: ours.filter((id) => !present.has(id)) };
}

/** One reviewer's page of a campaign, with the keys they may decide worked out here, on the server. */
export function reviewerView(
  campaign: ReviewCampaign,
  reviewers: CampaignReviewers,
  viewerId: string,
  page: number,
  now: Date,
  seen?: SeenNow,
): ReviewerView {
  const decidable = isDecidable(campaign, now) ? reviewers.waitingFor(campaign, viewerId) : [];
  return {
    campaign,
    viewerId,
    page,
    decidable: decidable.map((entry) => entry.grantId),
    now: now.toISOString(),
    ...(seen ? { lastUse: seen.lastUse, missing: seen.missing } : {}),
  };
}
