import type { AccessRequest } from '../../domain/access-request.js';
import { section, slackDate } from './format.js';
import { ACTION } from './ids.js';
import { revokeNowButton } from './lifecycle-messages.js';
import { REQUESTS_SHOWN, requestLines } from './status.js';

const button = (text: string, action_id: string, value: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id,
  value,
  ...extra,
});

/** App Home's "Request a key": opens the request modal. */
export function requestKeyButton() {
  return {
    type: 'actions',
    block_id: 'home_request',
    elements: [button('Request a key', ACTION.openRequestModal, 'open', { style: 'primary' })],
  };
}

/** What a requester can do next with a request shown in App Home, if anything. */
function actionFor(request: AccessRequest) {
  switch (request.state) {
    case 'PENDING':
      return button('Cancel request', ACTION.cancelRequest, request.requestId);
    case 'APPROVED':
      return button('Create key now', ACTION.createKeyNow, request.requestId, { style: 'primary' });
    case 'ISSUED':
    case 'RETIRING':
      // "I'm done": the same Revoke as on the secret's message, behind Slack's confirmation dialog.
      return request.accessKeyId ? revokeNowButton(request.bucket, request.accessKeyId) : undefined;
    default:
      return undefined;
  }
}

/**
 * The requester's own requests in App Home, newest first, each with its next step as a button
 * (Cancel request, Create key now, Revoke) and, for keys, when they were last used. One block each,
 * at most REQUESTS_SHOWN, as in `/bucket-key status`.
 */
export function homeRequestBlocks(
  own: readonly AccessRequest[],
  lastUsed: ReadonlyMap<string, Date | undefined> = new Map(),
) {
  if (own.length === 0) return [section('_No requests yet._ Press *Request a key* to ask for one.')];
  const lines = requestLines(own) as Array<Record<string, unknown>>;
  return lines.map((line, i) => {
    const request = own[i];
    if (!request || i >= REQUESTS_SHOWN) return line;
    const accessory = actionFor(request);
    const use =
      request.state === 'ISSUED' && request.accessKeyId && lastUsed.has(request.accessKeyId)
        ? lastUsedText(lastUsed.get(request.accessKeyId))
        : '';
    const text = (line.text as { text: string }).text + use;
    return { ...section(text), ...(accessory ? { accessory } : {}) };
  });
}

function lastUsedText(at: Date | undefined): string {
  return at ? ` · last used ${slackDate(at)}` : ' · never used';
}
