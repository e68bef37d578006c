import { type AccessRequest, OWN_REQUESTS_SHOWN } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, section, slackDate } from './format.js';

const STATE_ICON: Record<AccessRequest['state'], string> = {
  PENDING: ':hourglass:',
  APPROVED: ':white_check_mark:',
  DENIED: ':no_entry:',
  ISSUING: ':hourglass_flowing_sand:',
  ISSUED: ':key:',
  RETIRING: ':arrows_counterclockwise:',
  REVOKED: ':wastebasket:',
  EXPIRED: ':zzz:',
  CANCELLED: ':leftwards_arrow_with_hook:',
};

/** How many of someone's requests are listed; callers fetch one more to learn whether older ones exist. */
export const REQUESTS_SHOWN = OWN_REQUESTS_SHOWN;

/**
 * The blocks listing someone's requests and keys, newest first; shared by `/bucket-key status`
 * and App Home. At most REQUESTS_SHOWN lines (one block each), then a note that older ones exist.
 */
export function requestLines(requests: readonly AccessRequest[]) {
  if (requests.length === 0)
    return [section('_No requests yet._ Try `/bucket-key create <bucket> <reason>`.')];
  const lines: unknown[] = requests
    .slice(0, REQUESTS_SHOWN)
    .map((r) => section(`${STATE_ICON[r.state]} *${r.bucket}* · \`${r.requestId}\` · ${describeState(r)}`));
  if (requests.length > REQUESTS_SHOWN)
    lines.push(context(`Your ${REQUESTS_SHOWN} newest requests; older ones are not listed.`));
  return lines;
}

export function statusMessage(requests: readonly AccessRequest[]): SlackMessage {
  const shown = Math.min(requests.length, REQUESTS_SHOWN);
  return {
    text: `Your bucket-key requests: ${shown}${requests.length > shown ? ' newest' : ''}`,
    blocks: [
      section('*Your requests and keys*'),
      ...requestLines(requests),
      ...(requests.length > REQUESTS_SHOWN ? [] : [context('Newest first.')]),
    ],
  };
}

function describeState(r: AccessRequest): string {
  switch (r.state) {
    case 'PENDING':
      return `waiting for approval until ${slackDate(r.dueAt ?? r.createdAt)}`;
    case 'APPROVED':
      return `approved, create your key before ${slackDate(r.approvalExpiresAt ?? r.createdAt)}`;
    case 'ISSUING':
      return 'key being issued';
    case 'ISSUED':
      return `key \`${r.accessKeyId ?? '?'}\`${r.keyExpiresAt ? `, expires ${slackDate(r.keyExpiresAt)}` : ''}`;
    case 'RETIRING':
      return `key \`${r.accessKeyId ?? '?'}\` replaced by \`${r.replacedBy ?? '?'}\`, deleted by ${slackDate(r.retireBy ?? r.createdAt)}`;
    case 'REVOKED':
      return `key \`${r.accessKeyId ?? '?'}\` revoked ${slackDate(r.revokedAt ?? r.createdAt)}`;
    case 'DENIED':
      return `denied ${slackDate(r.decidedAt ?? r.createdAt)}`;
    case 'EXPIRED':
      return 'expired unused';
    case 'CANCELLED':
      return `cancelled ${slackDate(r.cancelledAt ?? r.createdAt)}`;
  }
}
