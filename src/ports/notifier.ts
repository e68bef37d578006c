import type { AuditNotices } from './notices/audit-notices.js';
import type { BreakGlassNotices } from './notices/break-glass-notices.js';
import type { HomeNotices } from './notices/home-notices.js';
import type { KeyNotices } from './notices/key-notices.js';
import type { PolicyNotices } from './notices/policy-notices.js';
import type { RequestNotices } from './notices/request-notices.js';
import type { ReviewNotices } from './notices/review-notices.js';
import type { SweepNotices } from './notices/sweep-notices.js';

/**
 * What a use case must say while it runs, before its outcome is known: the approvers' card, the
 * secret, alerts, reminders, reports. Each method names an intent and takes domain facts; the Slack
 * layer (src/slack/notifier/) picks the words and the place. Grouped by feature, one file each.
 */
export type Notifier = RequestNotices &
  KeyNotices &
  BreakGlassNotices &
  SweepNotices &
  AuditNotices &
  HomeNotices &
  PolicyNotices &
  ReviewNotices;

/** Where a job came from: the command's or click's response_url, else the person's DM with the bot. */
export interface Origin {
  userId: string;
  responseUrl?: string | undefined;
}
