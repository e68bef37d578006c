import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import {
  countsOf,
  entriesOf,
  noticeKey,
  type ReviewCampaign,
  type ReviewEntry,
  revokeUnfinished,
} from '../../domain/review.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';
import { sendOnce, sendOpeningNotices, sendReminders } from './campaign-notices.js';
import { openDueCampaigns } from './open-campaigns.js';
import { bucketKeysNow, goneWhy } from './review-keys.js';
import { revokeReviewed } from './review-revoke.js';
import { CampaignReviewers } from './reviewers.js';

/** What one sweep did for access reviews. */
export interface ReviewSweepReport {
  reviewsOpened: number;
  /** Reviewers' DMs, holders' notices, reminders and summaries sent. */
  reviewNotices: number;
  /** Keys nobody kept by the deadline, whose grants this sweep revoked. */
  reviewKeysLapsed: number;
  /** Revokes of reviewed keys tried again after a failure. */
  reviewRevokesRetried: number;
  reviewsClosed: number;
}

export const NO_REVIEW_WORK: ReviewSweepReport = {
  reviewsOpened: 0,
  reviewNotices: 0,
  reviewKeysLapsed: 0,
  reviewRevokesRetried: 0,
  reviewsClosed: 0,
};

/** A decided revoke this old without an outcome was left by a worker that died: the sweep finishes it. */
const ABANDONED_REVOKE_MS = 15 * 60_000;

/**
 * The sweeper's access review duty: open the campaigns that are due, then for each open one note
 * keys that are gone, send what is owed (DMs, holders' notices, reminders), retry failed revokes,
 * and at the deadline revoke what nobody kept, tell the approvers, and close. Every step is a
 * conditional write, so two sweeps at once act once.
 */
export async function sweepReviews(deps: ServiceDependencies): Promise<ReviewSweepReport> {
  const report = { ...NO_REVIEW_WORK };
  try {
    report.reviewsOpened = (await openDueCampaigns(deps, deps.clock.now())).length;
    for (const campaign of await deps.campaigns.listOpen()) {
      try {
        await tend(deps, campaign, report);
      } catch (error) {
        deps.logger.error('could not tend an access review; the next sweep tries again', {
          campaignId: campaign.campaignId,
          error: describeError(error),
        });
      }
    }
  } catch (error) {
    deps.logger.error('access reviews not swept', { error: describeError(error) });
  }
  return report;
}

async function tend(
  deps: ServiceDependencies,
  listed: ReviewCampaign,
  report: ReviewSweepReport,
): Promise<void> {
  const reviewers = await CampaignReviewers.of(deps, listed);
  let campaign = await noteGoneKeys(deps, listed);
  const now = deps.clock.now().toISOString();
  if (now < campaign.deadline) {
    report.reviewNotices += await sendOpeningNotices(deps, campaign, reviewers);
    report.reviewNotices += await sendReminders(deps, campaign, reviewers);
  }
  report.reviewRevokesRetried += await retryRevokes(deps, campaign);
  if (now < campaign.deadline) return;
  report.reviewKeysLapsed += await lapseUnkept(deps, campaign);
  campaign = (await deps.campaigns.get(campaign.campaignId)) ?? campaign;
  const summary = () => deps.notifier.reviewSummary(campaign);
  if (await sendOnce(deps, campaign, noticeKey.summary(), summary)) report.reviewNotices++;
  campaign = (await deps.campaigns.get(campaign.campaignId)) ?? campaign;
  if (await closeIfDone(deps, campaign)) report.reviewsClosed++;
}

/** Undecided keys whose grant ended, or whose key was deleted outside the bot: shown as gone. */
async function noteGoneKeys(deps: ServiceDependencies, campaign: ReviewCampaign): Promise<ReviewCampaign> {
  const open = entriesOf(campaign).filter((entry) => !entry.decision && !entry.gone);
  if (open.length === 0) return campaign;
  const keys = await bucketKeysNow(deps, campaign.bucket, campaign.region);
  let current = campaign;
  for (const entry of open) {
    const why = await goneWhy(deps, entry, keys, deps.clock.now());
    if (!why) continue;
    const at = deps.clock.now().toISOString();
    await wroteFirst(async () => {
      current = await deps.campaigns.markGone(campaign.campaignId, entry.grantId, { at, why });
    });
  }
  return current;
}

/** Revokes that failed (or whose worker died) are run again until every key of the grant is gone. */
async function retryRevokes(deps: ServiceDependencies, campaign: ReviewCampaign): Promise<number> {
  const now = deps.clock.now().getTime();
  const due = entriesOf(campaign).filter(
    (entry) =>
      revokeUnfinished(entry) &&
      (entry.revoke?.state === 'failed' || Date.parse(entry.decision?.at ?? '') + ABANDONED_REVOKE_MS <= now),
  );
  for (const entry of due)
    await revokeReviewed(deps, campaign.campaignId, entry, {
      userId: SYSTEM_ACTOR,
      why: `access review ${campaign.campaignId}: revoke tried again`,
    });
  return due.length;
}

/** At the deadline, each key nobody kept lapses: the first write of its decision revokes its grant. */
async function lapseUnkept(deps: ServiceDependencies, campaign: ReviewCampaign): Promise<number> {
  let lapsed = 0;
  for (const entry of entriesOf(campaign).filter((e) => !e.decision && !e.gone)) {
    const at = deps.clock.now().toISOString();
    const decision = { kind: 'lapsed' as const, by: SYSTEM_ACTOR, at };
    if (!(await wroteFirst(() => deps.campaigns.decide(campaign.campaignId, entry.grantId, decision))))
      continue;
    const revocation = await revokeReviewed(deps, campaign.campaignId, entry, {
      userId: SYSTEM_ACTOR,
      why: `access review ${campaign.campaignId}: not kept by the deadline`,
    });
    await record(deps, {
      type: 'review_lapsed_revoked',
      outcome: revocation.surviving.length ? 'failed' : 'ok',
      actorId: SYSTEM_ACTOR,
      ...aboutEntry(campaign, entry),
      detail: `${campaign.campaignId}: not kept by the deadline ${campaign.deadline}; deleted: ${revocation.deleted.join(', ') || 'none'}${revocation.surviving.length ? `; still alive: ${revocation.surviving.map((s) => `${s.accessKeyId} (${s.error})`).join(', ')}` : ''}`,
    });
    await deps.notifier.keyLapsed(campaign, { ...entry, decision }, revocation);
    lapsed++;
  }
  return lapsed;
}

/** Every key decided or gone, every revoke finished, the approvers told: the campaign closes. */
async function closeIfDone(deps: ServiceDependencies, campaign: ReviewCampaign): Promise<boolean> {
  const entries = entriesOf(campaign);
  if (entries.some((entry) => (!entry.decision && !entry.gone) || revokeUnfinished(entry))) return false;
  if (!campaign.notices[noticeKey.summary()]?.sentAt) return false;
  const at = deps.clock.now().toISOString();
  if (!(await wroteFirst(() => deps.campaigns.close(campaign.campaignId, at)))) return false;
  const counts = countsOf(campaign);
  await record(deps, {
    type: 'review_closed',
    outcome: 'ok',
    actorId: SYSTEM_ACTOR,
    bucket: campaign.bucket,
    region: campaign.region,
    detail: `${campaign.campaignId}: kept ${counts.kept}, revoked ${counts.revoked}, lapsed ${counts.lapsed}, gone ${counts.gone}`,
  });
  return true;
}

/** The audit fields of a key under review: its holder, bucket and grant, and its (first) key. */
export function aboutEntry(campaign: ReviewCampaign, entry: ReviewEntry) {
  return {
    ...aboutRequest({
      requesterId: entry.holderId,
      bucket: campaign.bucket,
      region: campaign.region,
      requestId: entry.grantId,
    }),
    ...(entry.keys[0] ? { accessKeyId: entry.keys[0].accessKeyId } : {}),
  };
}
