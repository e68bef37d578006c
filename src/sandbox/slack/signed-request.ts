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
  /** One the Slack stand-in issued (newTriggerId), for views.open to accept. */
  triggerId?: string;
}

export function slashCommandBody(command: SlashCommand): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0DEMO0001',
    team_domain: 'demo',
    channel_id: command.channelId,
    channel_name: 'directmessage',
    user_id: command.userId,
    user_name: command.userId.toLowerCase(),
    command: command.command ?? '/bucket-key',
    text: command.text,
    api_app_id: 'A0BUCKETKEY',
    response_url: command.responseUrl,
    trigger_id: command.triggerId ?? `${Date.now()}.trigger`,
  }).toString();
}

export interface ButtonClick {
  userId: string;
  actionId: string;
  value: string;
  /** Where the button was: a message (with its response_url) or the user's App Home (none). */
  in: { channelId: string; messageTs: string; responseUrl: string } | 'home';
  triggerId?: string;
}

export function blockActionBody(click: ButtonClick): string {
  const where =
    click.in === 'home'
      ? {
          container: { type: 'view', view_id: `V${click.userId}` },
          view: { id: `V${click.userId}`, type: 'home' },
        }
      : {
          container: {
            type: 'message',
            message_ts: click.in.messageTs,
            channel_id: click.in.channelId,
            is_ephemeral: false,
          },
          channel: { id: click.in.channelId, name: 'channel' },
          message: { type: 'message', ts: click.in.messageTs, text: '' },
          response_url: click.in.responseUrl,
        };
  const payload = {
    type: 'block_actions',
    team: { id: 'T0DEMO0001', domain: 'demo' },
    user: { id: click.userId, username: click.userId.toLowerCase(), team_id: 'T0DEMO0001' },
    api_app_id: 'A0BUCKETKEY',
    token: 'deprecated-verification-token',
    trigger_id: click.triggerId ?? `${Date.now()}.trigger`,
    ...where,
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: 'b',
        value: click.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const team = { id: 'T0DEMO0001', domain: 'demo' };
const userOf = (userId: string) => ({ id: userId, username: userId.toLowerCase(), team_id: team.id });
const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A global shortcut from the ⚡ menu (`type: shortcut`). */
export function shortcutBody(shortcut: { userId: string; callbackId: string; triggerId: string }): string {
  return form({
    type: 'shortcut',
    token: 'deprecated-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team,
    user: userOf(shortcut.userId),
    is_enterprise_install: false,
    callback_id: shortcut.callbackId,
    trigger_id: shortcut.triggerId,
  });
}

/** Typing in an external_select: `block_suggestion`, answered with the options. */
export function blockSuggestionBody(suggestion: {
  userId: string;
  actionId: string;
  blockId: string;
  value: string;
  viewId: string;
  callbackId: string;
}): string {
  return form({
    type: 'block_suggestion',
    user: userOf(suggestion.userId),
    container: { type: 'view', view_id: suggestion.viewId },
    api_app_id: 'A0BUCKETKEY',
    token: 'deprecated-verification-token',
    action_id: suggestion.actionId,
    block_id: suggestion.blockId,
    value: suggestion.value,
    team,
    view: { id: suggestion.viewId, type: 'modal', callback_id: suggestion.callbackId, state: { values: {} } },
  });
}

/** Submitting a modal: `view_submission` with the inputs' state, keyed by block_id and action_id. */
export function viewSubmissionBody(submission: {
  userId: string;
  viewId: string;
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
}): string {
  return form({
    type: 'view_submission',
    team,
    user: userOf(submission.userId),
    api_app_id: 'A0BUCKETKEY',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.submission`,
    view: {
      id: submission.viewId,
      type: 'modal',
      callback_id: submission.callbackId,
      state: { values: submission.values },
    },
    response_urls: [],
  });
}

/** Sends a signed form body to the bot and returns status and parsed answer. */
export async function sendSigned(
  url: string,
  signingSecret: string,
  body: string,
  headers: Record<string, string> = {},
) {
  const contentType = body.startsWith('{') ? { 'content-type': 'application/json' } : {};
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...signedHeaders(signingSecret, body), ...contentType, ...headers },

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

/** An Events API delivery (JSON, `event_callback`), signed like the rest. */
export function eventCallbackBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0DEMO0001',
    api_app_id: 'A0BUCKETKEY',
    event,
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1000)}`,
    event_time: Math.floor(Date.now() / 1000),
  });
}
