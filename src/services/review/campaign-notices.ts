import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { noticeKey, type ReviewCampaign, reminderTimes } from '../../domain/review.js';
import { record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';
import { reviewerView } from './reviewer-view.js';
import type { CampaignReviewers } from './reviewers.js';

/** How long a sweep holds a notice it is sending: longer than a Lambda can run. */
const NOTICE_CLAIM_MS = 15 * 60_000;

/**
 * Sends a campaign's notice at most once: claimed (one conditional write) before it is sent, marked
 * sent after. A failed send gives the claim back, so the next sweep sends it; a sweep that dies
 * between the two holds it only until its claim lapses.
 */
export async function sendOnce(
  deps: ServiceDependencies,
  campaign: ReviewCampaign,
  key: string,
  send: () => Promise<void>,
): Promise<boolean> {
  if (campaign.notices[key]?.sentAt) return false;
  const now = deps.clock.now();
  const at = now.toISOString();
  const until = new Date(now.getTime() + NOTICE_CLAIM_MS).toISOString();
  if (!(await wroteFirst(() => deps.campaigns.claimNotice(campaign.campaignId, key, { at, until }))))
    return false;
  try {
    await send();
  } catch (error) {
    deps.logger.warn('could not send an access review notice; the next sweep tries again', {
      campaignId: campaign.campaignId,
      notice: key,
      error: describeError(error),
    });
    await deps.campaigns.releaseNotice(campaign.campaignId, key, until);
    return false;
  }
  await deps.campaigns.noticeSent(campaign.campaignId, key, at);
  return true;
}

/** Each reviewer's one DM, and each holder's notice that their keys are under review. */
export async function sendOpeningNotices(
  deps: ServiceDependencies,
  campaign: ReviewCampaign,
  reviewers: CampaignReviewers,
): Promise<number> {
  let sent = 0;
  for (const reviewerId of reviewers.recipients()) {
    const view = reviewerView(campaign, reviewers, reviewerId, 0, deps.clock.now());
    if (
      await sendOnce(deps, campaign, noticeKey.reviewerDm(reviewerId), () =>
        deps.notifier.reviewRequested(view),
      )
    )
      sent++;
  }
  const byHolder = new Map<string, ReviewCampaign['entries'][string][]>();
  for (const entry of Object.values(campaign.entries))
    if (!entry.gone) byHolder.set(entry.holderId, [...(byHolder.get(entry.holderId) ?? []), entry]);
  for (const [holderId, entries] of byHolder) {
    const tell = () => deps.notifier.keysUnderReview(holderId, campaign, entries);
    if (await sendOnce(deps, campaign, noticeKey.holder(holderId), tell)) sent++;
  }
  return sent;
}

/**
 * Reviewers with keys still waiting for them are reminded half-way to the deadline and one day
 * before it; a sweep that finds both due sends only the later one.
 */
export async function sendReminders(
  deps: ServiceDependencies,
  campaign: ReviewCampaign,
  reviewers: CampaignReviewers,
): Promise<number> {
  const now = deps.clock.now().toISOString();
  const times = reminderTimes(campaign);
  const when =
    times.dayBefore && now >= times.dayBefore ? 'day_before' : now >= times.half ? 'halfway' : undefined;
  if (!when) return 0;
  let sent = 0;
  for (const reviewerId of reviewers.recipients()) {
    const waiting = reviewers.waitingFor(campaign, reviewerId).length;
    if (waiting === 0) continue;
    const key =
      when === 'day_before' ? noticeKey.dayBeforeReminder(reviewerId) : noticeKey.halfwayReminder(reviewerId);
    const remind = () => deps.notifier.reviewReminder(reviewerId, campaign, waiting, when);
    if (!(await sendOnce(deps, campaign, key, remind))) continue;
    sent++;
    await record(deps, {
      type: 'reminder_sent',
      outcome: 'ok',
      actorId: SYSTEM_ACTOR,
      subjectUserId: reviewerId,
      bucket: campaign.bucket,
      region: campaign.region,
      detail: `${campaign.campaignId}: ${when === 'day_before' ? 'one day left' : 'half-way'}, ${waiting} key(s) waiting`,
    });
  }
  return sent;
}
