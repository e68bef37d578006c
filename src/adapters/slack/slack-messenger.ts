import type { FetchFunction, WebClient } from '@slack/web-api';
import type { MessageRef } from '../../domain/access-request.js';
import { MessengerError } from '../../domain/errors.js';
import type { Messenger, SlackMessage } from '../../ports/messenger.js';
import { nodeHttpFetch } from './node-http-fetch.js';

/**
 * Messenger on the Slack Web API. The WebClient is injected; build it with
 * `createWebClient` so that it never logs request bodies.
 */
export class SlackMessenger implements Messenger {
  /** Each user's DM channel with the bot (it never changes), or the conversations.open under way. */
  private readonly dmChannels = new Map<string, Promise<string>>();

  constructor(
    private readonly client: WebClient,
    /** Where response_urls may point (Slack's hooks host; the stand-in's in local runs). */
    private readonly responseUrlOrigins: readonly string[] = SLACK_RESPONSE_ORIGINS,
    /** How response_urls are posted: the WebClient's own transport (createWebClient). */
    private readonly fetchImpl: FetchFunction = nodeHttpFetch,
  ) {}

  async post(channel: string, message: SlackMessage): Promise<MessageRef> {
    const out = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({ channel, ...message }),
    );
    return { channel: out.channel ?? channel, ts: out.ts ?? '' };
  }

  async postInThread(parent: MessageRef, message: SlackMessage): Promise<MessageRef> {
    const out = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({ channel: parent.channel, thread_ts: parent.ts, ...message }),
    );
    return { channel: out.channel ?? parent.channel, ts: out.ts ?? '' };
  }

  async update(ref: MessageRef, message: SlackMessage): Promise<void> {
    await this.call('chat.update', () =>
      this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...message }),
    );
  }

  async directMessage(userId: string, message: SlackMessage): Promise<MessageRef> {
    return this.post(await this.dmChannel(userId), message);
  }

  async ephemeralDirectMessage(userId: string, message: SlackMessage): Promise<void> {
    const channel = await this.dmChannel(userId);
    await this.call('chat.postEphemeral', () =>
      this.client.chat.postEphemeral({ channel, user: userId, ...message }),
    );
  }

  // biome-ignore lint/suspicious/noExplicitAny: a Block Kit view
  async publishHome(userId: string, view: { type: 'home'; blocks: any[] }): Promise<void> {
    await this.call('views.publish', () => this.client.views.publish({ user_id: userId, view }));
  }

  async uploadFile(
    userId: string,
    file: { filename: string; title: string; content: string; comment?: string },
  ): Promise<void> {
    const channel = await this.dmChannel(userId);
    await this.call('files.uploadV2', () =>
      this.client.filesUploadV2({
        channel_id: channel,
        file: Buffer.from(file.content, 'utf8'),
        filename: file.filename,
        title: file.title,
        ...(file.comment ? { initial_comment: file.comment } : {}),
      }),
    );
  }

  async respond(responseUrl: string, message: SlackMessage & { replaceOriginal?: boolean }): Promise<void> {
    const { replaceOriginal = false, ...body } = message;
    // A job's response_url came from a signed Slack payload; still, never post a message anywhere else.
    if (!this.responseUrlOrigins.includes(originOf(responseUrl))) {
      throw new MessengerError('response_url_not_slack', 'response_url does not point at Slack');
    }
    let response: Awaited<ReturnType<FetchFunction>>;
    try {
      response = await this.fetchImpl(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: replaceOriginal, ...body }),
        signal: AbortSignal.timeout(5000),
      });
    } catch (error) {
      throw new MessengerError('response_url_unreachable', `response_url failed: ${(error as Error).name}`);
    }
    if (!response.ok)
      throw new MessengerError('response_url_rejected', `response_url answered ${response.status}`);
  }

  prepareDirectMessage(userId: string): void {
    // Begun on the event loop's next turn, once the caller's next request (the key's create) is on
    // its way, so that it never delays that request. Nothing waits on it yet; see dmChannel.
    setImmediate(() => {
      if (!this.dmChannels.has(userId)) this.remember(userId, this.openDmChannel(userId)).catch(() => {});
    });
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) {
      try {
        return await known;
      } catch {
        // An open started earlier failed, or (on Lambda) outlived the invocation that started it and
        // died with its connection: this message opens the DM itself.
      }
    }
    return this.remember(userId, this.openDmChannel(userId));
  }

  /** Keeps an open (under way, then its channel id); a failed one is forgotten. */
  private remember(userId: string, opening: Promise<string>): Promise<string> {
    this.dmChannels.set(userId, opening);
    opening.catch(() => {
      if (this.dmChannels.get(userId) === opening) this.dmChannels.delete(userId);
    });
    return opening;
  }

  private async openDmChannel(userId: string): Promise<string> {
    const out = await this.call('conversations.open', () =>
      this.client.conversations.open({ users: userId }),
    );
    const id = out.channel?.id;
    if (!id) throw new MessengerError('no_channel', 'conversations.open returned no channel');
    return id;
  }

  /** Keeps only Slack's error code: WebClient errors can hold the request body, and so the secret. */
  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const code = slackErrorCode(error);
      throw new MessengerError(code, `${method} failed: ${code}`);
    }
  }
}

/** Slack's response_url hosts, commercial and GovSlack. */
export const SLACK_RESPONSE_ORIGINS = ['https://hooks.slack.com', 'https://hooks.slack-gov.com'];

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

function slackErrorCode(error: unknown): string {
  const failure = error as { code?: string; data?: { error?: string }; statusCode?: number };
  if (failure.data?.error) return failure.data.error;
  if (failure.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (failure.code === 'slack_webapi_http_error') return `http_${failure.statusCode ?? 'error'}`;
  if (failure.code === 'slack_webapi_request_error') return 'request_failed';
  return 'unknown_error';
}
