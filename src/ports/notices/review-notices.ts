import type { LastUse, ReviewCampaign, ReviewEntry } from '../../domain/review.js';

/**
 * One reviewer's view of a campaign, one page of its keys: what the DM, App Home and each
 * re-drawing after a click show. Who may decide what was worked out on the server.
 */
export interface ReviewerView {
  campaign: ReviewCampaign;
  viewerId: string;
  /** 0-based page of the campaign's keys. */
  page: number;
  /** Grant ids the viewer may decide now: undecided keys of others, among the keys they review. */
  decidable: readonly string[];
  /** Now, for ages, and for whether the deadline has passed. */
  now: string;
  /** Each key's last use as Lightsail reported it just now; absent: as it was at opening. */
  lastUse?: Readonly<Record<string, LastUse>>;
  /** Keys Lightsail no longer has, as seen just now. */
  missing?: readonly string[];
}

/** What a grant revoke left behind, in a campaign's words. */
export interface ReviewRevocation {
  deleted: readonly string[];
  surviving: ReadonlyArray<{ accessKeyId: string; error: string }>;
}

/** Access reviews: what the sweeper says while campaigns run. See ../notifier.ts. */
export interface ReviewNotices {
  /** The reviewer's one DM for the campaign, its first page. Throws MessengerError: sent again later. */
  reviewRequested(view: ReviewerView): Promise<void>;
  /** The holder hears their keys are under review, and until when. Throws: sent again later. */
  keysUnderReview(holderId: string, campaign: ReviewCampaign, entries: readonly ReviewEntry[]): Promise<void>;
  /** A reviewer is reminded of the keys still waiting for them. Throws: sent again later. */
  reviewReminder(
    reviewerId: string,
    campaign: ReviewCampaign,
    waiting: number,
    when: 'halfway' | 'day_before',
  ): Promise<void>;
  /** Nobody kept the holder's key by the deadline: its grant was revoked. A failure is logged, never thrown. */
  keyLapsed(campaign: ReviewCampaign, entry: ReviewEntry, revocation: ReviewRevocation): Promise<void>;
  /** The approvers' channel hears how the campaign ended, once. Throws: sent again later. */
  reviewSummary(campaign: ReviewCampaign): Promise<void>;
}
