import { InvalidCommandError } from './errors.js';
import { BUCKET_NAME } from './patterns.js';
import { parseCampaignId } from './review.js';

/** `review [bucket]` and `review report <campaign-id> [--format csv|jsonl]`. */
export type ReviewCommand =
  | { name: 'review'; bucket?: string }
  | { name: 'reviewReport'; campaignId: string; format: 'csv' | 'jsonl' };

export const REVIEW_USAGE = [
  '`/bucket-key review [bucket]` access review campaigns, open and recent, with what was kept and revoked',
  "`/bucket-key review report <campaign-id> [--format csv|jsonl]` a campaign's report as a file in your DM",
];

const REPORT_USAGE = 'Usage: `/bucket-key review report <campaign-id> [--format csv|jsonl]`';

/** The words after `review`. Throws InvalidCommandError with a message the user can be shown. */
export function parseReviewCommand(args: readonly string[]): ReviewCommand {
  const [first, ...rest] = args;
  if (first === undefined) return { name: 'review' };
  if (first.toLowerCase() === 'report') return parseReport(rest);
  if (rest.length > 0) throw new InvalidCommandError('Usage: `/bucket-key review [bucket]`');
  if (!BUCKET_NAME.test(first))
    throw new InvalidCommandError(
      `The bucket \`${shown(first)}\` is not a valid Lightsail bucket name (3-54 characters: a-z, 0-9 and -).`,
    );
  return { name: 'review', bucket: first };
}

function parseReport(args: readonly string[]): ReviewCommand {
  const [id, flag, value, ...extra] = args;
  if (id === undefined || extra.length > 0) throw new InvalidCommandError(REPORT_USAGE);
  const campaignId = parseCampaignId(id);
  if (!campaignId)
    throw new InvalidCommandError(
      `\`${shown(id)}\` is not a valid campaign id: they read like \`REV-media-assets-3\` (\`/bucket-key review\` lists them).`,
    );
  if (flag === undefined) return { name: 'reviewReport', campaignId, format: 'csv' };
  const format = value?.toLowerCase();
  if (flag !== '--format' || (format !== 'csv' && format !== 'jsonl'))
    throw new InvalidCommandError(`\`--format\` is \`csv\` or \`jsonl\`. ${REPORT_USAGE}`);
  return { name: 'reviewReport', campaignId, format };
}

/** Echoes user input back safely: short, no backticks or Slack control sequences. */
function shown(text: string): string {
  const clean = text.replace(/[`<>&*_~\p{Cc}]/gu, '');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
