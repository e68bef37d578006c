import type { GoneWhy, ReviewCampaign, ReviewDecision, ReviewEntry } from '../domain/review.js';

/** Where a bucket's campaigns stand: its latest campaign, so the next one gets the next number. */
export interface CampaignPointer {
  number: number;
  campaignId: string;
  openedAt: string;
}

/**
 * Access review campaigns (see domain/review.ts), one record each with its keys and their
 * decisions. Every change is one conditional write; a lost one throws ReviewConflictError carrying
 * the campaign as it is now.
 */
export interface ReviewCampaigns {
  /** The campaign as stored now (a strongly consistent read). */
  get(campaignId: string): Promise<ReviewCampaign | undefined>;
  /** The bucket's latest campaign, or undefined before its first. */
  latestOf(bucket: string): Promise<CampaignPointer | undefined>;
  /**
   * Stores a new campaign unless one with its id exists (one conditional put: two sweeps opening
   * it at once open it once), and moves the bucket's pointer to it. `opened` is false, with the
   * stored campaign, when it existed already.
   */
  open(campaign: ReviewCampaign): Promise<{ opened: boolean; campaign: ReviewCampaign }>;
  /** Campaigns not closed yet (all pages of one Query on an index), soonest deadline first. */
  listOpen(): Promise<ReviewCampaign[]>;
  /** The bucket's latest campaigns, newest first, at most `limit`. */
  recent(bucket: string, limit: number): Promise<ReviewCampaign[]>;
  /**
   * The first decision on a key: OPEN, the key listed, undecided and not gone. A reviewer's
   * decision also needs the deadline to be after `before`; the bot's lapse at the deadline does not.
   */
  decide(
    campaignId: string,
    grantId: string,
    decision: ReviewDecision,
    options?: { before?: string },
  ): Promise<ReviewCampaign>;
  /** An undecided key is gone (deleted outside the bot, or its grant ended): it is not reviewed. */
  markGone(campaignId: string, grantId: string, gone: { at: string; why: GoneWhy }): Promise<ReviewCampaign>;
  /** How revoking a revoked or lapsed key's grant went; `failed` is retried at the next sweep. */
  noteRevoke(
    campaignId: string,
    grantId: string,
    revoke: NonNullable<ReviewEntry['revoke']>,
  ): Promise<ReviewCampaign>;
  /**
   * Claims a notice before it is sent, so each goes out once. Throws ReviewConflictError (with the
   * campaign as it is) when it was sent already, or another sweep's claim on it has not run out
   * (`until`): a claim whose sweep died lapses, and a later sweep sends the notice.
   */
  claimNotice(campaignId: string, key: string, claim: { at: string; until: string }): Promise<void>;
  /** The claimed notice went out. */
  noticeSent(campaignId: string, key: string, at: string): Promise<void>;
  /** The claimed notice could not be sent: the next sweep tries again. */
  releaseNotice(campaignId: string, key: string, until: string): Promise<void>;
  /** OPEN → CLOSED: the campaign leaves the open campaigns. */
  close(campaignId: string, at: string): Promise<ReviewCampaign>;
}
