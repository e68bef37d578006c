import { createHmac } from 'node:crypto';

/** Signs a body exactly as Slack does: v0=HMAC-SHA256(secret, `v0:{timestamp}:{body}`). */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(signingSecret, timestamp, body),
  };
}

export interface SlashCommand {
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
  command?: string;
}

export function slashCommandBody(c: SlashCommand): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0DEMO0001',
    team_domain: 'demo',
    channel_id: c.channelId,
    channel_name: 'directmessage',
    user_id: c.userId,
    user_name: c.userId.toLowerCase(),
    command: c.command ?? '/bucket-key',
    text: c.text,
    api_app_id: 'A0BUCKETKEY',
    response_url: c.responseUrl,
    trigger_id: `${Date.now()}.trigger`,
  }).toString();
}

export interface ButtonClick {
  userId: string;
  actionId: string;
  value: string;
  channelId: string;
  messageTs: string;
  responseUrl: string;
}

export function blockActionBody(c: ButtonClick): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0DEMO0001', domain: 'demo' },
    user: { id: c.userId, username: c.userId.toLowerCase(), team_id: 'T0DEMO0001' },
    api_app_id: 'A0BUCKETKEY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: c.messageTs, channel_id: c.channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.trigger`,
    channel: { id: c.channelId, name: 'channel' },
    message: { type: 'message', ts: c.messageTs, text: '' },
    response_url: c.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: c.actionId,
        block_id: 'b',
        value: c.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Sends a signed form body to the bot and returns status and parsed answer. */
export async function sendSigned(
  url: string,
  signingSecret: string,
  body: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...signedHeaders(signingSecret, body), ...headers },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as Record<string, unknown> | undefined };
}
