import { describePersonKind } from '../../domain/person.js';
import type { CampaignCounts, LastUse, ReviewCampaign, ReviewEntry } from '../../domain/review.js';
import { mention, slackDate } from './format.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A span as people say it: `34 days`, `5 hours`, `under an hour`. */
export function span(ms: number): string {
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return plural(Math.floor(ms / HOUR), 'hour');
  return 'under an hour';
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The holder, with their kind of account when it is not a full member's. */
export function holderText(entry: ReviewEntry): string {
  const kind = entry.holderKind ? describePersonKind(entry.holderKind) : undefined;
  return `${mention(entry.holderId)}${kind ? ` (*${kind}*)` : ''}`;
}

/** The grant's keys: its current one, and one being rotated out. */
export function keysText(entry: ReviewEntry, missing: readonly string[] = []): string {
  return entry.keys
    .map((key) => {
      const notes = [
        key.retiring ? 'retiring' : '',
        missing.includes(key.accessKeyId) ? 'no longer on the bucket' : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `\`${key.accessKeyId}\`${notes ? ` (${notes})` : ''}`;
    })
    .join(' and ');
}

/** When it was issued and who approved it, how old it is, and when its access ends. */
export function lifeText(entry: ReviewEntry, now: string): string {
  const approved = entry.breakGlass
    ? 'break-glass, without approval'
    : entry.approvers.length
      ? `approved by ${entry.approvers.map(mention).join(', ')}`
      : 'approver not recorded';
  const age = span(Date.parse(now) - Date.parse(entry.issuedAt));
  const expiry = entry.expiresAt
    ? `expires ${slackDate(entry.expiresAt)}${entry.expiresAt > now ? ` (in ${span(Date.parse(entry.expiresAt) - Date.parse(now))})` : ''}`
    : 'no maximum age';
  return `Issued ${slackDate(entry.issuedAt)} (${age} ago), ${approved}; ${expiry}`;
}

/** Last use as Lightsail reports it, per key: date, region and service, or never. */
export function lastUseText(entry: ReviewEntry, fresh?: Readonly<Record<string, LastUse>>): string {
  const parts = entry.keys.map((key) => {
    const use = fresh?.[key.accessKeyId] ?? entry.lastUse[key.accessKeyId];
    const label = entry.keys.length > 1 ? `\`${key.accessKeyId.slice(-4)}\` ` : '';
    if (!use) return `${label}last use unknown`;
    if (!use.at) return `${label}never used`;
    const where = [use.region, use.service].filter(Boolean).join(', ');
    return `${label}last used ${slackDate(use.at)}${where ? ` (${where})` : ''}`;
  });
  return parts.join('; ');
}

/** What became of a key, for the list and the notes. */
export function decisionText(entry: ReviewEntry): string {
  const d = entry.decision;
  if (entry.gone && !d)
    return entry.gone.why === 'deleted_outside'
      ? ':ghost: *Gone*: its key was deleted outside the bot; not reviewed'
      : ':ghost: *Gone*: its access ended before it was reviewed';
  if (!d) return '';
  const when = slackDate(d.at);
  const failed =
    entry.revoke?.state === 'failed' ? ' — :warning: *revoke failed*, retried at the next sweep' : '';
  if (d.kind === 'kept') return `:white_check_mark: *Kept* by ${mention(d.by)} ${when}`;
  if (d.kind === 'revoked') return `:no_entry: *Revoked* by ${mention(d.by)} ${when}${failed}`;
  return `:hourglass: *Lapsed*: nobody kept it by the deadline, revoked ${when}${failed}`;
}

/** `kept 2 · revoked 1 · open 3 · lapsed 0`, and the gone and failed ones when there are any. */
export function countsText(counts: CampaignCounts): string {
  const parts = [
    `kept ${counts.kept}`,
    `revoked ${counts.revoked}`,
    `open ${counts.open}`,
    `lapsed ${counts.lapsed}`,
    ...(counts.gone ? [`gone ${counts.gone}`] : []),
    ...(counts.revokeFailed ? [`revoke failed ${counts.revokeFailed}`] : []),
  ];
  return parts.join(' · ');
}

/** The campaign in one line: its id, bucket, and where it stands. */
export function campaignLine(campaign: ReviewCampaign, now: string): string {
  const stands =
    campaign.state === 'CLOSED'
      ? `closed ${slackDate(campaign.closedAt ?? campaign.deadline)}`
      : campaign.deadline > now
        ? `open until ${slackDate(campaign.deadline)}`
        : 'past its deadline, finishing revokes';
  return `*${campaign.campaignId}* on *${campaign.bucket}* · opened ${slackDate(campaign.openedAt)} · ${stands}`;
}
