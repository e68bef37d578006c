import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import type { Grant } from '../../domain/grant.js';
import { campaignIdFor, type ReviewCampaign, type ReviewEntry } from '../../domain/review.js';
import type { ReviewRules } from '../../domain/review-policy.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { bucketKeysNow, entryOf, liveGrantsOn } from './review-keys.js';

/**
 * Opens the campaigns that are due: for each bucket that `review` applies to and that holds live
 * keys, the first at the first sweep, then one every `every`. Returns the campaigns this sweep
 * opened (another sweep opening the same one at once loses the conditional put, and opens nothing).
 */
export async function openDueCampaigns(deps: ServiceDependencies, now: Date): Promise<ReviewCampaign[]> {
  const live = await deps.grants.live(now.toISOString());
  const opened: ReviewCampaign[] = [];
  for (const [bucket, region] of reviewedBuckets(deps, live)) {
    const rules = deps.policy.reviewFor(bucket);
    if (!rules) continue;
    try {
      const campaign = await openIfDue(deps, { bucket, region, rules, live }, now);
      if (campaign) opened.push(campaign);
    } catch (error) {
      deps.logger.error('could not open an access review; the next sweep tries again', {
        bucket,
        error: describeError(error),
      });
    }
  }
  return opened;
}

/** Buckets with live grants (in their grants' region), and the buckets the policy names. */
function reviewedBuckets(deps: ServiceDependencies, live: readonly Grant[]): Map<string, string> {
  const buckets = new Map(deps.policy.listedBuckets().map((b) => [b.bucket, b.region]));
  for (const grant of live) buckets.set(grant.bucket, grant.region);
  return buckets;
}

async function openIfDue(
  deps: ServiceDependencies,
  on: { bucket: string; region: string; rules: ReviewRules; live: readonly Grant[] },
  now: Date,
): Promise<ReviewCampaign | undefined> {
  const latest = await deps.campaigns.latestOf(on.bucket);
  if (latest && Date.parse(latest.openedAt) + on.rules.everyMs > now.getTime()) return undefined;
  const keys = await bucketKeysNow(deps, on.bucket, on.region);
  const grants = await liveGrantsOn(deps, on.bucket, on.live, keys, now);
  const entries: ReviewEntry[] = [];
  for (const grant of grants) {
    const entry = await entryOf(deps, grant, keys, now);
    if (entry) entries.push(entry);
  }
  // No live key, nothing to review: the bucket's first campaign waits for its first key.
  if (!entries.some((entry) => !entry.gone)) return undefined;
  const campaign = await withFallbacks(deps, {
    campaignId: campaignIdFor(on.bucket, (latest?.number ?? 0) + 1),
    bucket: on.bucket,
    region: on.region,
    number: (latest?.number ?? 0) + 1,
    openedAt: now.toISOString(),
    deadline: new Date(now.getTime() + on.rules.deadlineMs).toISOString(),
    reviewers: [...on.rules.reviewers],
    fallbackReviewers: [...deps.policy.defaultApprovers()],
    entries: Object.fromEntries(entries.map((entry) => [entry.grantId, entry])),
    state: 'OPEN',
    notices: {},
  });
  const { opened, campaign: stored } = await deps.campaigns.open(campaign);
  if (!opened) return undefined;
  await recordOpened(deps, stored);
  return stored;
}

/** A key whose holder is the campaign's only reviewer falls to the default approvers. */
async function withFallbacks(deps: ServiceDependencies, campaign: ReviewCampaign): Promise<ReviewCampaign> {
  const reviewers = await deps.directory.expand(campaign.reviewers);
  for (const entry of Object.values(campaign.entries)) {
    const others = [...reviewers].filter((id) => id !== entry.holderId);
    if (others.length === 0) entry.fallback = true;
  }
  return campaign;
}

async function recordOpened(deps: ServiceDependencies, campaign: ReviewCampaign): Promise<void> {
  const keys = Object.values(campaign.entries).flatMap((entry) => entry.keys.map((key) => key.accessKeyId));
  await record(deps, {
    type: 'review_opened',
    outcome: 'ok',
    actorId: SYSTEM_ACTOR,
    bucket: campaign.bucket,
    region: campaign.region,
    detail: `${campaign.campaignId}: ${Object.keys(campaign.entries).length} key(s) (${keys.join(', ')}); deadline ${campaign.deadline}; reviewers ${campaign.reviewers.join(', ')}`,
  });
}
