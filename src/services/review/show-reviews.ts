import type { ReviewCampaign } from '../../domain/review.js';
import type { Job } from '../../ports/job-queue.js';
import type { ReviewerView } from '../../ports/notices/review-notices.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { isAuditor } from '../request/approvers.js';
import { bucketKeysNow } from './review-keys.js';
import { reviewerView, seenNow } from './reviewer-view.js';
import { CampaignReviewers } from './reviewers.js';

type ListJob = Extract<Job, { kind: 'accessReviews' }>;
type PageJob = Extract<Job, { kind: 'accessReviewPage' }>;

/** How many closed campaigns `review` shows per bucket: more when one bucket is asked for. */
const RECENT_PER_BUCKET = 3;
const RECENT_FOR_ONE_BUCKET = 10;

export type ReviewListOutcome =
  | { kind: 'reviews_refused' }
  /** Open campaigns first, soonest deadline first; then closed ones, newest first. */
  | { kind: 'reviews_listed'; bucket?: string; campaigns: ReviewCampaign[]; now: string };

/**
 * `/bucket-key review [bucket]`, for approvers and auditors: the open campaigns and the recent
 * ones, each with what was kept, revoked, left open and lapsed.
 */
export async function listReviews(deps: ServiceDependencies, job: ListJob): Promise<ReviewListOutcome> {
  if (!(await isAuditor(deps, job.userId))) {
    await refuseReader(deps, job.userId, `review ${job.bucket ?? ''}`.trim());
    return { kind: 'reviews_refused' };
  }
  const open = (await deps.campaigns.listOpen()).filter((c) => !job.bucket || c.bucket === job.bucket);
  const buckets = job.bucket
    ? [job.bucket]
    : [
        ...new Set([
          ...open.map((c) => c.bucket),
          ...deps.policy.listedBuckets().flatMap((b) => (deps.policy.reviewFor(b.bucket) ? [b.bucket] : [])),
        ]),
      ].sort();
  const limit = job.bucket ? RECENT_FOR_ONE_BUCKET : RECENT_PER_BUCKET;
  const closed = (await Promise.all(buckets.map((bucket) => deps.campaigns.recent(bucket, limit))))
    .flat()
    .filter((c) => c.state === 'CLOSED')
    .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
  return {
    kind: 'reviews_listed',
    ...(job.bucket ? { bucket: job.bucket } : {}),
    campaigns: [...open, ...closed],
    now: deps.clock.now().toISOString(),
  };
}

export type ReviewPageOutcome =
  | { kind: 'review_unknown'; campaignId: string }
  | { kind: 'review_page_refused'; campaignId: string }
  | { kind: 'review_page'; view: ReviewerView };

/** Another page of a reviewer's DM: for the campaign's reviewers only, redrawn as it is now. */
export async function showReviewPage(deps: ServiceDependencies, job: PageJob): Promise<ReviewPageOutcome> {
  const campaign = await deps.campaigns.get(job.campaignId);
  if (!campaign) return { kind: 'review_unknown', campaignId: job.campaignId };
  const reviewers = await CampaignReviewers.of(deps, campaign);
  if (!reviewers.recipients().includes(job.userId)) {
    await refuseReader(deps, job.userId, `review page of ${campaign.campaignId}`);
    return { kind: 'review_page_refused', campaignId: job.campaignId };
  }
  const keys = await bucketKeysNow(deps, campaign.bucket, campaign.region);
  const view = reviewerView(
    campaign,
    reviewers,
    job.userId,
    job.page,
    deps.clock.now(),
    seenNow(campaign, keys),
  );
  return { kind: 'review_page', view };
}

/** App Home: the open campaigns with keys waiting for this person, each as their first page. */
export async function reviewsForHome(deps: ServiceDependencies, userId: string): Promise<ReviewerView[]> {
  const views: ReviewerView[] = [];
  for (const campaign of await deps.campaigns.listOpen()) {
    const reviewers = await CampaignReviewers.of(deps, campaign);
    const view = reviewerView(campaign, reviewers, userId, 0, deps.clock.now());
    if (view.decidable.length > 0) views.push(view);
  }
  return views;
}

/** Someone not allowed to read access reviews asked: refused, and on the chain. */
export async function refuseReader(deps: ServiceDependencies, userId: string, what: string): Promise<void> {
  await record(deps, {
    type: 'refused_not_auditor',
    outcome: 'refused',
    actorId: userId,
    subjectUserId: userId,
    detail: what,
  });
}
