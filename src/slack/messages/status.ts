import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, section, slackDate } from './format.js';

const STATE_ICON: Record<AccessRequest['state'], string> = {
  PENDING: ':hourglass:',
  APPROVED: ':white_check_mark:',
  DENIED: ':no_entry:',
  ISSUING: ':hourglass_flowing_sand:',
  ISSUED: ':key:',
  REVOKED: ':wastebasket:',
  EXPIRED: ':zzz:',
};

/** The blocks listing someone's requests and keys; shared by `/bucket-key status` and App Home. */
export function requestLines(requests: readonly AccessRequest[]) {
  if (requests.length === 0)
    return [section('_No requests yet._ Try `/bucket-key create <bucket> <reason>`.')];
  return requests.map((r) =>
    section(`${STATE_ICON[r.state]} *${r.bucket}* · \`${r.requestId}\` · ${describeState(r)}`),
  );
}

export function statusMessage(requests: readonly AccessRequest[]): SlackMessage {
  return {
    text: `Your bucket-key requests: ${requests.length}`,
    blocks: [
      section('*Your requests and keys*'),
      ...requestLines(requests),
      context('Newest first; the last 20.'),
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
    case 'REVOKED':
      return `key \`${r.accessKeyId ?? '?'}\` revoked ${slackDate(r.revokedAt ?? r.createdAt)}`;
    case 'DENIED':
      return `denied ${slackDate(r.decidedAt ?? r.createdAt)}`;
    case 'EXPIRED':
      return 'expired unused';
  }
}
