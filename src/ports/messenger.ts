import type { MessageRef } from '../domain/access-request.js';

/** A rendered Slack message: fallback text plus Block Kit blocks. */
export interface SlackMessage {
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks are validated by Slack, not by us
  blocks?: any[];
}

/**
 * Everything the bot says in Slack. Failures are MessengerError carrying only Slack's
 * error code, so a failed call can never leak the message it was sending.
 */
export interface Messenger {
  post(channel: string, message: SlackMessage): Promise<MessageRef>;
  /** A reply in the thread of a message the bot posted (chat.postMessage with thread_ts). */
  postInThread(parent: MessageRef, message: SlackMessage): Promise<MessageRef>;
  update(ref: MessageRef, message: SlackMessage): Promise<void>;
  /** A normal message in the user's DM with the bot. */
  directMessage(userId: string, message: SlackMessage): Promise<MessageRef>;
  /** An ephemeral message in the user's DM with the bot: the only place a secret goes. */
  ephemeralDirectMessage(userId: string, message: SlackMessage): Promise<void>;
  /**
   * Starts finding the user's DM with the bot, so that a message sent there soon need not wait for
   * it (a key's secret waits on nothing else). Sends nothing; if it fails, that message tries again.
   */
  prepareDirectMessage(userId: string): void;
  /** Replaces the user's App Home tab. */
  // biome-ignore lint/suspicious/noExplicitAny: a Block Kit view
  publishHome(userId: string, view: { type: 'home'; blocks: any[] }): Promise<void>;
  /** Uploads a file into the user's DM with the bot (Slack's files.getUploadURLExternal, upload, files.completeUploadExternal). */
  uploadFile(
    userId: string,
    file: { filename: string; title: string; content: string; comment?: string },
  ): Promise<void>;
  /** Answers through a command's or click's response_url. */
  respond(responseUrl: string, message: SlackMessage & { replaceOriginal?: boolean }): Promise<void>;
}
