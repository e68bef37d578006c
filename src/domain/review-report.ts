import { csvCells } from './audit-export.js';
import { describePersonKind } from './person.js';
import { entriesOf, type ReviewCampaign, type ReviewEntry, statusOf } from './review.js';

/** The report's columns, fixed and in this order (docs/access-reviews.md shows an example). */
export const REPORT_COLUMNS = [
  'campaign',
  'bucket',
  'key',
  'grant',
  'holder',
  'holder_type',
  'decision',
  'decider',
  'decided_at',
  'reason',
  'note',
] as const;

export type ReportRow = Record<(typeof REPORT_COLUMNS)[number], string>;

/** One row per key under review, in the campaign's order, whatever became of it. */
export function reportRows(campaign: ReviewCampaign): ReportRow[] {
  return entriesOf(campaign).map((entry) => ({
    campaign: campaign.campaignId,
    bucket: campaign.bucket,
    key: entry.keys.map((key) => key.accessKeyId).join(' '),
    grant: entry.grantId,
    holder: entry.holderId,
    holder_type: entry.holderKind ? (describePersonKind(entry.holderKind) ?? '') : 'member',
    decision: statusOf(entry),
    decider: entry.decision?.by ?? '',
    decided_at: entry.decision?.at ?? entry.gone?.at ?? '',
    reason: entry.reason,
    note: noteOf(entry),
  }));
}

function noteOf(entry: ReviewEntry): string {
  const parts: string[] = [];
  if (entry.decision?.via && entry.decision.via !== entry.decision.by)
    parts.push(`via ${entry.decision.via}`);
  if (entry.decision?.kind === 'lapsed') parts.push('not kept by the deadline');
  if (entry.revoke?.state === 'failed')
    parts.push(`revoke failed (${entry.revoke.error ?? 'unknown'}); retried at each sweep`);
  if (entry.gone)
    parts.push(
      entry.gone.why === 'deleted_outside' ? 'key deleted outside the bot' : 'grant ended before review',
    );
  if (entry.fallback) parts.push('its holder was the only reviewer: decided by the default approvers');
  if (entry.breakGlass) parts.push('break-glass');
  return parts.join('; ');
}

/** The report as a file: CSV (every cell quoted and defused, as the audit export) or JSON Lines. */
export function reportFile(campaign: ReviewCampaign, format: 'csv' | 'jsonl'): string {
  const rows = reportRows(campaign);
  if (format === 'jsonl') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  return [csvCells(REPORT_COLUMNS), ...rows.map((row) => csvCells(REPORT_COLUMNS.map((c) => row[c])))].join(
    '',
  );
}
