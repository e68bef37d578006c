import {
  isDecidable,
  type ReviewCampaign,
  ReviewConflictError,
  type ReviewEntry,
} from '../../domain/review.js';
import type { Job } from '../../ports/job-queue.js';
import type { ReviewerView, ReviewRevocation } from '../../ports/notices/review-notices.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { bucketKeysNow, goneWhy } from './review-keys.js';
import { revokeReviewed } from './review-revoke.js';
import { reviewerView, seenNow } from './reviewer-view.js';
import { CampaignReviewers } from './reviewers.js';
import { aboutEntry } from './sweep-reviews.js';

type DecideJob = Extract<Job, { kind: 'accessReviewDecide' }>;

/** What a reviewer's Keep or Revoke came to; `view` is their page of the campaign as it is now. */
export type ReviewDecisionOutcome =
  | { kind: 'review_unknown'; campaignId: string }
  | { kind: 'review_refused_own_key'; view: ReviewerView; entry: ReviewEntry }
  | { kind: 'review_not_reviewer'; view: ReviewerView; entry: ReviewEntry }
  | { kind: 'review_closed'; view: ReviewerView }
  /** Someone decided first (a second reviewer at the same moment, or earlier). */
  | { kind: 'review_already_decided'; view: ReviewerView; entry: ReviewEntry }
  | { kind: 'review_key_gone'; view: ReviewerView; entry: ReviewEntry }
  | { kind: 'review_kept'; view: ReviewerView; entry: ReviewEntry }
  /** `revocation.surviving` not empty: the revoke failed for those keys and is retried by the sweeper. */
  | { kind: 'review_revoked'; view: ReviewerView; entry: ReviewEntry; revocation: ReviewRevocation };

/**
 * Keep or Revoke on a key of an access review. Decided on the server from the verified user: not
 * the key's holder (refused and audited), one of the key's reviewers, the campaign open and before
 * its deadline, the key undecided and still there. The first decision wins by one conditional
 * write; a reviewer who clicks at the same moment is told who decided. Revoke revokes the whole grant.
 */
export async function decideReview(
  deps: ServiceDependencies,
  job: DecideJob,
): Promise<ReviewDecisionOutcome> {
  const campaign = await deps.campaigns.get(job.campaignId);
  const entry = campaign?.entries[job.grantId];
  if (!campaign || !entry || !Object.hasOwn(campaign.entries, job.grantId))
    return { kind: 'review_unknown', campaignId: job.campaignId };
  const reviewers = await CampaignReviewers.of(deps, campaign);
  const keys = await bucketKeysNow(deps, campaign.bucket, campaign.region);
  const viewOf = (c: ReviewCampaign) =>
    reviewerView(c, reviewers, job.userId, job.page ?? 0, deps.clock.now(), seenNow(c, keys));
  if (entry.holderId === job.userId) {
    await refused(deps, campaign, entry, job.userId, 'review_refused_own_key', 'own key');
    return { kind: 'review_refused_own_key', view: viewOf(campaign), entry };
  }
  const via = reviewers.qualification(entry, job.userId);
  if (!via) {
    await refused(deps, campaign, entry, job.userId, 'refused_not_approver', 'not a reviewer of this key');
    return { kind: 'review_not_reviewer', view: viewOf(campaign), entry };
  }
  const stands = await standing(deps, campaign, entry, keys);
  if (stands.kind !== 'open') return { ...stands, view: viewOf(stands.campaign) };
  const at = deps.clock.now().toISOString();
  const decision = { kind: job.keep ? ('kept' as const) : ('revoked' as const), by: job.userId, at, via };
  let decided: ReviewCampaign;
  try {
    decided = await deps.campaigns.decide(campaign.campaignId, entry.grantId, decision, { before: at });
  } catch (error) {
    if (!(error instanceof ReviewConflictError) || !error.current) throw error;
    return lostTo(error.current, entry.grantId, viewOf);
  }
  const mine = decided.entries[entry.grantId] as ReviewEntry;
  if (job.keep) {
    await recordDecision(deps, decided, mine, 'review_kept', 'ok', '');
    return { kind: 'review_kept', view: viewOf(decided), entry: mine };
  }
  return revokeDecided(deps, decided, mine, job.userId, viewOf);
}

type Standing =
  | { kind: 'open' }
  | { kind: 'review_closed'; campaign: ReviewCampaign }
  | { kind: 'review_already_decided'; campaign: ReviewCampaign; entry: ReviewEntry }
  | { kind: 'review_key_gone'; campaign: ReviewCampaign; entry: ReviewEntry };

/** Whether the key can still be decided: the campaign open, the key undecided, its grant and key there. */
async function standing(
  deps: ServiceDependencies,
  campaign: ReviewCampaign,
  entry: ReviewEntry,
  keys: Awaited<ReturnType<typeof bucketKeysNow>>,
): Promise<Standing> {
  if (!isDecidable(campaign, deps.clock.now())) return { kind: 'review_closed', campaign };
  if (entry.decision) return { kind: 'review_already_decided', campaign, entry };
  if (entry.gone) return { kind: 'review_key_gone', campaign, entry };
  const why = await goneWhy(deps, entry, keys, deps.clock.now());
  if (!why) return { kind: 'open' };
  const at = deps.clock.now().toISOString();
  try {
    const marked = await deps.campaigns.markGone(campaign.campaignId, entry.grantId, { at, why });
    return { kind: 'review_key_gone', campaign: marked, entry: marked.entries[entry.grantId] as ReviewEntry };
  } catch (error) {
    if (!(error instanceof ReviewConflictError) || !error.current) throw error;
    const current = error.current.entries[entry.grantId] as ReviewEntry;
    return current.decision
      ? { kind: 'review_already_decided', campaign: error.current, entry: current }
      : { kind: 'review_key_gone', campaign: error.current, entry: current };
  }
}

/** The conditional write lost: the campaign as it is now says why. */
function lostTo(
  current: ReviewCampaign,
  grantId: string,
  viewOf: (c: ReviewCampaign) => ReviewerView,
): ReviewDecisionOutcome {
  const entry = current.entries[grantId] as ReviewEntry;
  if (entry.decision) return { kind: 'review_already_decided', view: viewOf(current), entry };
  if (entry.gone) return { kind: 'review_key_gone', view: viewOf(current), entry };
  return { kind: 'review_closed', view: viewOf(current) };
}

async function revokeDecided(
  deps: ServiceDependencies,
  campaign: ReviewCampaign,
  entry: ReviewEntry,
  userId: string,
  viewOf: (c: ReviewCampaign) => ReviewerView,
): Promise<ReviewDecisionOutcome> {
  const revocation = await revokeReviewed(deps, campaign.campaignId, entry, {
    userId,
    why: `revoked in access review ${campaign.campaignId}`,
  });
  const failed = revocation.surviving.map((s) => `${s.accessKeyId} (${s.error})`).join(', ');
  await recordDecision(
    deps,
    campaign,
    entry,
    'review_revoked',
    failed ? 'failed' : 'ok',
    `; deleted: ${revocation.deleted.join(', ') || 'none'}${failed ? `; still alive: ${failed}` : ''}`,
  );
  const now = (await deps.campaigns.get(campaign.campaignId)) ?? campaign;
  return {
    kind: 'review_revoked',
    view: viewOf(now),
    entry: now.entries[entry.grantId] as ReviewEntry,
    revocation,
  };
}

async function recordDecision(
  deps: ServiceDependencies,
  campaign: ReviewCampaign,
  entry: ReviewEntry,
  type: 'review_kept' | 'review_revoked',
  outcome: 'ok' | 'failed',
  more: string,
): Promise<void> {
  await record(deps, {
    type,
    outcome,
    actorId: entry.decision?.by ?? '',
    ...(entry.decision?.via ? { via: entry.decision.via } : {}),
    ...aboutEntry(campaign, entry),
    detail: `${campaign.campaignId}${more}`,
  });
}

async function refused(
  deps: ServiceDependencies,
  campaign: ReviewCampaign,
  entry: ReviewEntry,
  userId: string,
  type: 'review_refused_own_key' | 'refused_not_approver',
  why: string,
): Promise<void> {
  await record(deps, {
    type,
    outcome: 'refused',
    actorId: userId,
    ...aboutEntry(campaign, entry),
    detail: `${campaign.campaignId}: ${why}`,
  });
}
