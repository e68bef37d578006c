import { StateConflictError } from './errors.js';
import { BUCKET_NAME } from './patterns.js';
import type { PersonKind } from './person.js';

/**
 * An access review campaign: every live key of one bucket, listed for its reviewers, each to be kept
 * or revoked by someone other than its holder before the deadline. One record, changed only by
 * conditional writes:
 *
 *   opened (the sweep's conditional put) ─Keep / Revoke per key→ … ─deadline: unkept keys lapse
 *   (their grants revoked)→ every revoke finished → CLOSED
 *
 * A key is reviewed with its grant: a key being rotated shares its grant (and its one decision)
 * with its replacement, and Revoke deletes every key of the grant.
 */
export type CampaignState = 'OPEN' | 'CLOSED';

export type DecisionKind = 'kept' | 'revoked' | 'lapsed';

export interface ReviewDecision {
  kind: DecisionKind;
  /** A reviewer, or the bot (SYSTEM_ACTOR) for a key nobody kept by the deadline. */
  by: string;
  at: string;
  /** How the reviewer qualified: their own user id, or the user group (S…) that has them. */
  via?: string;
}

/** A key of the grant, as the bot recorded it when the campaign opened. */
export interface ReviewKey {
  accessKeyId: string;
  requestId: string;
  issuedAt?: string;
  /** Rotated out: deleted at the end of its grace period anyway. */
  retiring?: boolean;
}

/** Lightsail's `lastUsed` of a key: no `at` for a key never used. */
export interface LastUse {
  at?: string;
  region?: string;
  service?: string;
}

/** One grant under review (what its reviewers see as one key). */
export interface ReviewEntry {
  grantId: string;
  holderId: string;
  /** What Slack said the holder's account was at opening; absent for a full member. */
  holderKind?: Exclude<PersonKind, 'member'>;
  keys: ReviewKey[];
  /** Who approved the grant; empty for a break-glass. */
  approvers: string[];
  breakGlass?: boolean;
  approvedAt: string;
  /** When its first key was issued. */
  issuedAt: string;
  reason: string;
  expiresAt?: string;
  /** Each key's last use at opening, by key id. */
  lastUse: Record<string, LastUse>;
  /** The campaign's reviewers are its holder alone: the default approvers decide it. */
  fallback?: boolean;
  decision?: ReviewDecision;
  /** For a revoked or lapsed key: whether every key of its grant is confirmed gone. */
  revoke?: { state: 'done' | 'failed'; at: string; error?: string };
  /** Not reviewed: its key was deleted outside the bot, or its grant ended otherwise. */
  gone?: { at: string; why: GoneWhy };
}

export type GoneWhy = 'deleted_outside' | 'grant_ended';

/** A message the bot sends about a campaign once: claimed before it is sent, marked once it is. */
export interface CampaignNotice {
  claimedUntil?: string;
  sentAt?: string;
}

export interface ReviewCampaign {
  campaignId: string;
  bucket: string;
  region: string;
  /** 1 for the bucket's first campaign, then 2, 3… */
  number: number;
  openedAt: string;
  deadline: string;
  /** The reviewers as the policy named them at opening (users and groups, unexpanded). */
  reviewers: string[];
  /** The default approvers: they decide the keys whose only reviewer is their holder. */
  fallbackReviewers: string[];
  /** By grant id. */
  entries: Record<string, ReviewEntry>;
  state: CampaignState;
  closedAt?: string;
  /** By notice key (see noticeKey). */
  notices: Record<string, CampaignNotice>;
}

/** A conditional write on a campaign lost; `current` is the campaign as it is now. */
export class ReviewConflictError extends StateConflictError<ReviewCampaign> {}

const CAMPAIGN_ID = /^REV-([a-z0-9][a-z0-9-]{1,52}[a-z0-9])-([1-9]\d{0,5})$/;

/**
 * Campaign ids are deterministic per bucket and number, `REV-media-assets-3`, so two sweeps opening
 * the same campaign compute the same id, and one conditional put on it wins.
 */
export function campaignIdFor(bucket: string, number: number): string {
  return `REV-${bucket}-${number}`;
}

/** `REV-media-assets-3` (any case) → the id as stored; undefined for anything else. */
export function parseCampaignId(text: string): string | undefined {
  const normal = /^rev-/i.test(text) ? `REV-${text.slice(4).toLowerCase()}` : text;
  const match = CAMPAIGN_ID.exec(normal);
  return match?.[1] && BUCKET_NAME.test(match[1]) ? normal : undefined;
}

/** What the reviewers, the report and `review` say of a key. */
export type EntryStatus = 'open' | 'kept' | 'revoked' | 'lapsed' | 'gone';

export function statusOf(entry: ReviewEntry): EntryStatus {
  if (entry.decision) return entry.decision.kind;
  return entry.gone ? 'gone' : 'open';
}

/** A revoked or lapsed key whose grant still has a key alive (a Lightsail failure, a dead worker). */
export function revokeUnfinished(entry: ReviewEntry): boolean {
  return entry.decision !== undefined && entry.decision.kind !== 'kept' && entry.revoke?.state !== 'done';
}

export interface CampaignCounts {
  kept: number;
  revoked: number;
  open: number;
  lapsed: number;
  gone: number;
  /** Among revoked and lapsed: keys Lightsail has not yet confirmed deleted. */
  revokeFailed: number;
}

export function countsOf(campaign: ReviewCampaign): CampaignCounts {
  const counts: CampaignCounts = { kept: 0, revoked: 0, open: 0, lapsed: 0, gone: 0, revokeFailed: 0 };
  for (const entry of entriesOf(campaign)) {
    counts[statusOf(entry)]++;
    if (entry.revoke?.state === 'failed') counts.revokeFailed++;
  }
  return counts;
}

/** The entries in a stable order: the oldest grant first. */
export function entriesOf(campaign: ReviewCampaign): ReviewEntry[] {
  return Object.values(campaign.entries).sort((a, b) =>
    a.issuedAt === b.issuedAt ? (a.grantId < b.grantId ? -1 : 1) : a.issuedAt < b.issuedAt ? -1 : 1,
  );
}

/** Decisions are taken until the deadline; after it, keys not kept lapse. */
export function isDecidable(campaign: ReviewCampaign, now: Date): boolean {
  return campaign.state === 'OPEN' && campaign.deadline > now.toISOString();
}

/** The reviewers who decide this key: the campaign's, or the default approvers when it fell to them. */
export function reviewerIdsOf(campaign: ReviewCampaign, entry: ReviewEntry): readonly string[] {
  return entry.fallback ? campaign.fallbackReviewers : campaign.reviewers;
}

const DAY_MS = 86_400_000;

/**
 * When the reviewers are reminded: half-way to the deadline, and one day before it. The second is
 * left out when it would not come after the first (a deadline of two days or less).
 */
export function reminderTimes(campaign: Pick<ReviewCampaign, 'openedAt' | 'deadline'>): {
  half: string;
  dayBefore?: string;
} {
  const opened = Date.parse(campaign.openedAt);
  const deadline = Date.parse(campaign.deadline);
  const half = new Date(opened + (deadline - opened) / 2).toISOString();
  const dayBefore = new Date(deadline - DAY_MS).toISOString();
  return dayBefore > half ? { half, dayBefore } : { half };
}

/** The keys of the notices a campaign sends, each at most once. */
export const noticeKey = {
  /** The reviewer's DM listing the keys. */
  reviewerDm: (userId: string) => `dm#${userId}`,
  /** The holder is told their key is under review. */
  holder: (userId: string) => `holder#${userId}`,
  halfwayReminder: (userId: string) => `half#${userId}`,
  dayBeforeReminder: (userId: string) => `day#${userId}`,
  /** The approvers' channel gets one summary at the deadline. */
  summary: () => 'summary',
} as const;
