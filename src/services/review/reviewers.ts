import { type ReviewCampaign, type ReviewEntry, reviewerIdsOf } from '../../domain/review.js';
import type { ServiceDependencies } from '../dependencies.js';

/**
 * Who decides a campaign's keys, with its user groups expanded once (for one job or one sweep). A
 * reviewer never decides their own key; a key whose only reviewer is its holder was given, at
 * opening, to the default approvers (ReviewEntry.fallback).
 */
export class CampaignReviewers {
  private constructor(
    private readonly campaign: ReviewCampaign,
    /** Members of each user group named, by group id. */
    private readonly groups: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  static async of(deps: ServiceDependencies, campaign: ReviewCampaign): Promise<CampaignReviewers> {
    const ids = [...new Set([...campaign.reviewers, ...campaign.fallbackReviewers])];
    const groups = new Map<string, ReadonlySet<string>>();
    for (const id of ids.filter((id) => id.startsWith('S')))
      groups.set(id, await deps.directory.expand([id]));
    return new CampaignReviewers(campaign, groups);
  }

  /** How the user qualifies to review this key: their own id, or the first group that has them. */
  qualification(entry: ReviewEntry, userId: string): string | undefined {
    return this.qualifyAmong(reviewerIdsOf(this.campaign, entry), userId);
  }

  /** The user may decide this key: they review it, and it is not theirs. */
  mayDecide(entry: ReviewEntry, userId: string): boolean {
    return entry.holderId !== userId && this.qualification(entry, userId) !== undefined;
  }

  /** Everyone who gets the campaign's DM: its reviewers, and the default approvers when a key fell to them. */
  recipients(): string[] {
    const people = new Set(this.membersOf(this.campaign.reviewers));
    if (Object.values(this.campaign.entries).some((entry) => entry.fallback))
      for (const id of this.membersOf(this.campaign.fallbackReviewers)) people.add(id);
    return [...people].sort();
  }

  /** Undecided keys of `campaign` (this one, as it is now) that the user may decide. */
  waitingFor(campaign: ReviewCampaign, userId: string): ReviewEntry[] {
    return Object.values(campaign.entries).filter(
      (entry) => !entry.decision && !entry.gone && this.mayDecide(entry, userId),
    );
  }

  private qualifyAmong(ids: readonly string[], userId: string): string | undefined {
    if (ids.includes(userId)) return userId;
    return ids.find((id) => id.startsWith('S') && this.groups.get(id)?.has(userId));
  }

  private membersOf(ids: readonly string[]): string[] {
    return ids.flatMap((id) => (id.startsWith('S') ? [...(this.groups.get(id) ?? [])] : [id]));
  }
}
