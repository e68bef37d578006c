import { countsOf, type ReviewCampaign, type ReviewEntry } from '../../domain/review.js';
import type { SlackMessage } from '../../ports/messenger.js';
import type { ReviewRevocation } from '../../ports/notices/review-notices.js';
import { context, mention, moreLine, section, simple, slackDate } from './format.js';
import { campaignLine, countsText, decisionText, keysText } from './review-lines.js';

/** Campaign lines per `review` answer: one section each, within Slack's 50 blocks a message. */
const CAMPAIGNS_SHOWN = 40;

/** `/bucket-key review [bucket]`: open campaigns, then recent ones, each with its counts. */
export function campaignList(
  campaigns: readonly ReviewCampaign[],
  now: string,
  bucket?: string,
): SlackMessage {
  const title = `*Access reviews${bucket ? ` of ${bucket}` : ''}*`;
  if (campaigns.length === 0)
    return simple(
      `${title}\nNo campaign yet. One opens at the first sweep after \`review\` applies to a bucket with live keys.`,
    );
  const lines = campaigns
    .slice(0, CAMPAIGNS_SHOWN)
    .map((c) => section(`${campaignLine(c, now)}\n${countsText(countsOf(c))}`));
  const hidden = campaigns.length - lines.length;
  return {
    text: `Access reviews${bucket ? ` of ${bucket}` : ''}: ${campaigns.length}`,
    blocks: [
      section(title),
      ...lines,
      ...(hidden > 0
        ? [moreLine(hidden, 'campaigns', 'ask for one bucket with `/bucket-key review <bucket>`.')]
        : []),
      context(
        '`/bucket-key review report <campaign-id>` sends a campaign’s report, one row per key, to your DM.',
      ),
    ],
  };
}

export const reviewsRefused = (): SlackMessage =>
  simple(':no_entry: Only approvers and auditors may read access reviews. This attempt has been recorded.');

export const unknownCampaign = (campaignId: string): SlackMessage =>
  simple(`There is no access review \`${campaignId}\`. \`/bucket-key review\` lists the campaigns.`);

export const reportSent = (campaignId: string, rows: number, format: string): SlackMessage =>
  simple(
    `:page_facing_up: The report of *${campaignId}* (${rows} key${rows === 1 ? '' : 's'}, ${format}) is in your DM with the bot.`,
  );

export const cannotReviewOwnKey = (): SlackMessage =>
  simple(':no_entry: You cannot decide your own key: another reviewer does. This attempt has been recorded.');

export const notAReviewer = (): SlackMessage =>
  simple(':no_entry: You are not a reviewer of this key. This attempt has been recorded.');

export const reviewPageRefused = (): SlackMessage =>
  simple(':no_entry: Only this campaign’s reviewers see its keys. This attempt has been recorded.');

export function reviewClosedNote(campaign: ReviewCampaign): SlackMessage {
  return simple(
    `This access review (${campaign.campaignId}) no longer takes decisions: its deadline was ${slackDate(campaign.deadline)}. Nothing changed.`,
  );
}

export function alreadyDecidedNote(entry: ReviewEntry): SlackMessage {
  return simple(`That key was decided already: ${decisionText(entry)}. Nothing changed.`);
}

export function keyGoneNote(entry: ReviewEntry): SlackMessage {
  return simple(`${decisionText(entry)}. Nothing to decide.`);
}

/** The reviewer's Revoke went through, or left keys alive that the sweeper deletes next. */
export function reviewRevokedNote(
  campaign: ReviewCampaign,
  entry: ReviewEntry,
  revocation: ReviewRevocation,
): SlackMessage {
  if (revocation.surviving.length === 0)
    return simple(
      `:no_entry: Revoked: every key of <@${entry.holderId}>’s access to *${campaign.bucket}* is deleted.`,
    );
  return simple(
    `:warning: Revoked, but Lightsail did not delete ${revocation.surviving.map((s) => `\`${s.accessKeyId}\` (${s.error})`).join(', ')}. The key is listed as *revoke failed*; the next sweep deletes it. Nothing can be rotated into this access meanwhile.`,
  );
}

/** The holder hears their keys are under review, and until when. */
export function keysUnderReviewMessage(
  campaign: ReviewCampaign,
  entries: readonly ReviewEntry[],
): SlackMessage {
  const keys = entries.map((entry) => keysText(entry)).join(', ');
  return simple(
    `:mag: Your access to *${campaign.bucket}* (${keys}) is under review (${campaign.campaignId}). A reviewer keeps it or revokes it by ${slackDate(campaign.deadline)}; if nobody keeps it by then, it is revoked.`,
    'You cannot decide your own key. Ask a reviewer if you still need it.',
  );
}

export function yourKeyKept(campaign: ReviewCampaign, entry: ReviewEntry): SlackMessage {
  return simple(
    `:white_check_mark: Your access to *${campaign.bucket}* (${keysText(entry)}) was kept by ${mention(entry.decision?.by ?? '')} in access review ${campaign.campaignId}.`,
  );
}

export function yourKeyRevoked(campaign: ReviewCampaign, entry: ReviewEntry): SlackMessage {
  return simple(
    `:no_entry: Your access to *${campaign.bucket}* (${keysText(entry)}) was revoked by ${mention(entry.decision?.by ?? '')} in access review ${campaign.campaignId}: every key of it is deleted. Run \`/bucket-key create ${campaign.bucket}\` to ask again.`,
  );
}

/** Nobody kept the holder's key by the deadline. */
export function keyLapsedMessage(
  campaign: ReviewCampaign,
  entry: ReviewEntry,
  revocation: ReviewRevocation,
): SlackMessage {
  const left = revocation.surviving.length ? ' (one could not be deleted yet; the bot tries again)' : '';
  return simple(
    `:hourglass: Your access to *${campaign.bucket}* (${keysText(entry)}) was revoked: access review ${campaign.campaignId} ended ${slackDate(campaign.deadline)} and no reviewer kept it. Every key of it is deleted${left}. Run \`/bucket-key create ${campaign.bucket}\` to ask again.`,
  );
}

export function reviewReminderMessage(
  campaign: ReviewCampaign,
  waiting: number,
  when: 'halfway' | 'day_before',
): SlackMessage {
  const lead = when === 'day_before' ? 'One day left' : 'Half-way to the deadline';
  return simple(
    `:alarm_clock: ${lead}: ${waiting} key${waiting === 1 ? '' : 's'} of *${campaign.bucket}* still wait for your decision in access review ${campaign.campaignId}. Keys nobody keeps by ${slackDate(campaign.deadline)} are revoked.`,
    'Keep or Revoke each one in your DM with the bot, or in its App Home.',
  );
}

/** The approvers' channel hears how the campaign ended, once. */
export function reviewSummaryMessage(campaign: ReviewCampaign): SlackMessage {
  const counts = countsOf(campaign);
  return simple(
    `:clipboard: Access review ${campaign.campaignId} of *${campaign.bucket}* reached its deadline: ${countsText(counts)}.${counts.lapsed ? ` ${counts.lapsed} key${counts.lapsed === 1 ? '' : 's'} nobody kept ${counts.lapsed === 1 ? 'was' : 'were'} revoked, and ${counts.lapsed === 1 ? 'its holder was' : 'their holders were'} told why.` : ''}${counts.revokeFailed ? ` ${counts.revokeFailed} revoke${counts.revokeFailed === 1 ? '' : 's'} failed and ${counts.revokeFailed === 1 ? 'is' : 'are'} retried at each sweep.` : ''}`,
    `\`/bucket-key review report ${campaign.campaignId}\` sends the report, one row per key.`,
  );
}
