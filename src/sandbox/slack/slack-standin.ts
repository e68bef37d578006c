import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { close, listen, readBody, readRawBody, sendJson } from '../http.js';
import { type BlockKitBreach, blockKitBreaches, type Surface } from './block-kit-limits.js';
import { FileUploads } from './file-uploads.js';
import { dmChannelOf, type StoredMessage, type Workspace } from './slack-workspace.js';

export type SlackFault = { error: string } | { status: 429; retryAfter: number } | { status: 500 | 503 };

interface ResponseUrl {
  userId: string;
  channel: string;
  uses: number;
  expiresAt: number;
  /** The message that replace_original replaces (the ephemeral acknowledgement, or a clicked message). */
  original?: StoredMessage;
}

const RESPONSE_URL_USES = 5;
/** Slack: a trigger_id expires 3 seconds after it was issued, and can be exchanged once. */
const TRIGGER_TTL_MS = 3000;

export interface OpenView {
  id: string;
  userId: string;
  // biome-ignore lint/suspicious/noExplicitAny: a Block Kit modal as sent
  view: any;
}
const RESPONSE_URL_TTL_MS = 30 * 60_000;

/**
 * The Slack Web API on loopback, for the real WebClient (`slackApiUrl`), plus the
 * response_url endpoints. Answers Slack's error shapes and records every call.
 */
export class SlackStandIn {
  readonly calls: Array<{ method: string; body: Record<string, unknown> }> = [];
  readonly messages: StoredMessage[] = [];
  /** Where `apps.connections.open` sends Socket Mode apps (see SocketModeStandIn). */
  socketModeUrl: string | undefined;
  /** Called with every message as it is stored (the benchmark times arrivals with it). */
  onMessage: ((message: StoredMessage) => void) | undefined;
  /** Called with every Web API method as it arrives (the benchmark times a worker's first call with it). */
  onCall: ((method: string) => void) | undefined;
  /** The App Home view last published for each user. */
  readonly homeViews = new Map<string, { blocks: unknown[] }>();
  /** Every payload refused for breaking a Block Kit limit (the harness fails a test on any). */
  readonly blockKitBreaches: Array<{ via: string; breaches: BlockKitBreach[] }> = [];
  /** Files uploaded through files.getUploadURLExternal, the upload URL and files.completeUploadExternal. */
  readonly uploads = new FileUploads();
  private readonly faults = new Map<string, SlackFault[]>();
  private readonly responseUrls = new Map<string, ResponseUrl>();
  private readonly triggers = new Map<string, { userId: string; expiresAt: number; used: boolean }>();
  /** Modals open now, by view id (views.open; closed by the playground or the test). */
  readonly openViews = new Map<string, OpenView>();
  private viewCounter = 0;
  private server: Server | undefined;
  private tsCounter = 0;
  url = '';

  constructor(readonly workspace: Workspace) {}

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(port = 0): Promise<string> {
    const { server, url } = await listen((req, res) => this.handle(req, res), port);
    this.server = server;
    this.url = url;
    return url;
  }

  stop(): Promise<void> {
    return close(this.server);
  }

  /** The next call of `method` fails as given (`{error}` is an ok:false answer). */
  failNext(method: string, fault: SlackFault): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), fault]);
  }

  /** A fresh response_url for a command or click by `userId` in `channel`. */
  newResponseUrl(userId: string, channel: string, original?: StoredMessage): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrls.set(id, {
      userId,
      channel,
      uses: 0,
      expiresAt: Date.now() + RESPONSE_URL_TTL_MS,
      ...(original ? { original } : {}),
    });
    return `${this.url}/response/${id}`;
  }

  /**
   * A trigger_id as Slack puts in a slash command, a shortcut or a click of `userId`: views.open
   * accepts it once, within 3 seconds.
   */
  newTriggerId(userId: string, nowMs = Date.now()): string {
    const id = `${nowMs}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { userId, expiresAt: nowMs + TRIGGER_TTL_MS, used: false });
    return id;
  }

  /** The modal a user sees now, if any (the newest). */
  viewOf(userId: string): OpenView | undefined {
    return [...this.openViews.values()].filter((v) => v.userId === userId).at(-1);
  }

  /** The user closed or submitted-and-cleared a modal. */
  closeView(viewId: string): void {
    this.openViews.delete(viewId);
  }

  /** Records the bot's immediate answer to a command, as Slack shows it: ephemeral, to that user. */
  recordAcknowledgement(
    responseUrl: string,
    body: { text?: string; blocks?: unknown[] },
  ): StoredMessage | undefined {
    const entry = this.responseUrls.get(responseUrl.split('/').pop() ?? '');
    if (!entry || (!body.text && !body.blocks)) return undefined;
    // Slack shows the person an error instead of an acknowledgement whose blocks break a limit.
    if (this.refuses('ack', body.blocks, 'message')) return undefined;
    const message = this.store({
      channel: entry.channel,
      text: body.text ?? '',
      blocks: body.blocks as never,
      visibleTo: entry.userId,
      via: 'ack',
    });
    entry.original = message;
    return message;
  }

  /** Messages a user can see in a channel: everything public, and ephemerals addressed to them. */
  visibleTo(userId: string, channel?: string): StoredMessage[] {
    return this.messages.filter(
      (m) => !m.replaced && (!m.visibleTo || m.visibleTo === userId) && (!channel || m.channel === channel),
    );
  }

  /** Forgets every queued fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/upload/v1/')) {
      const raw = await readRawBody(req, 100 * 1024 * 1024);
      const out = await this.uploads.receive(
        path.slice('/upload/v1/'.length),
        raw,
        String(req.headers['content-type'] ?? ''),
      );
      res.writeHead(out.status, { 'content-type': 'text/plain' });
      return void res.end(out.body);
    }
    const raw = await readBody(req);
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    if (path.startsWith('/response/'))
      return this.handleResponseUrl(path.slice('/response/'.length), body, res);
    if (!path.startsWith('/api/')) return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    const method = path.slice('/api/'.length);
    this.calls.push({ method, body });
    this.onCall?.(method);

    const fault = this.faults.get(method)?.shift();
    if (fault && 'status' in fault) {
      if (fault.status === 429)
        return sendJson(
          res,
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(fault.retryAfter) },
        );
      return sendJson(res, fault.status, { ok: false, error: 'internal_error' });
    }
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || String(body.token ?? '');
    if (!token) return sendJson(res, 200, { ok: false, error: 'not_authed' });
    if (method === 'apps.connections.open') return sendJson(res, 200, this.openConnection(token));
    if (token !== this.workspace.botToken) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    if (fault) return sendJson(res, 200, { ok: false, error: fault.error });
    sendJson(res, 200, this.run(method, body));
  }

  private run(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const ws = this.workspace;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://demo.slack.com/',
          team: 'Demo',
          user: 'bucket-key',
          team_id: ws.teamId,
          user_id: ws.botUserId,
          bot_id: ws.botId,
        };
      case 'conversations.open': {
        const user = String(body.users ?? '');
        if (!ws.users[user]) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: dmChannelOf(user) } };
      }
      case 'chat.postMessage':
        return this.postMessage(body);
      case 'chat.postEphemeral':
        return this.postEphemeral(body);
      case 'chat.update':
        return this.update(body);
      case 'users.info': {
        const user = ws.users[String(body.user ?? '')];
        return user
          ? {
              ok: true,
              user: {
                id: body.user,
                name: user.name,
                real_name: user.realName,
                deleted: user.deleted === true,
                is_restricted: user.guest !== undefined,
                is_ultra_restricted: user.guest === 'single-channel',
              },
            }
          : { ok: false, error: 'user_not_found' };
      }
      case 'usergroups.users.list': {
        const members = ws.groups[String(body.usergroup ?? '')];
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'files.getUploadURLExternal':
        return this.uploads.reserve(this.url, body);
      case 'files.completeUploadExternal': {
        const { result, shared } = this.uploads.complete(body, (channel) => this.resolveChannel(channel));
        for (const file of shared ?? [])
          this.store({
            channel: file.channel ?? '',
            text: file.initialComment ?? '',
            files: [{ id: file.id, name: file.filename, title: file.title ?? file.filename }],
            via: 'files.completeUploadExternal',
          });
        return result;
      }
      case 'views.publish':
        return this.publishHome(body);
      case 'views.open':
        return this.openView(body);

      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Only the app-level token opens a connection; a bot token gets Slack's `not_allowed_token_type`. */
  private openConnection(token: string) {
    if (token === this.workspace.botToken) return { ok: false, error: 'not_allowed_token_type' };
    if (!this.workspace.appToken || token !== this.workspace.appToken)
      return { ok: false, error: 'invalid_auth' };
    if (!this.socketModeUrl) return { ok: false, error: 'internal_error' };
    return { ok: true, url: this.socketModeUrl };
  }

  /** views.open: a modal for the user whose interaction issued the trigger_id (Slack's errors otherwise). */
  private openView(body: Record<string, unknown>) {
    const triggerId = String(body.trigger_id ?? '');
    const view = parseJsonField(body.view) as { type?: string; blocks?: unknown[] } | undefined;
    if (!triggerId || !view) return { ok: false, error: 'invalid_arguments' };
    const trigger = this.triggers.get(triggerId);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (Date.now() > trigger.expiresAt) return { ok: false, error: 'expired_trigger_id' };
    if (view.type !== 'modal' || !Array.isArray(view.blocks))
      return { ok: false, error: 'invalid_arguments' };
    const refused = this.refuses('views.open', view.blocks, 'modal');
    if (refused) return refused;
    trigger.used = true;
    const id = `VMODAL${++this.viewCounter}`;
    this.openViews.set(id, { id, userId: trigger.userId, view: { ...view, id } });
    return { ok: true, view: { ...view, id } };
  }

  private publishHome(body: Record<string, unknown>) {
    const userId = String(body.user_id ?? '');
    const view = parseJsonField(body.view) as { type?: string; blocks?: unknown[] } | undefined;
    if (!this.workspace.users[userId]) return { ok: false, error: 'user_not_found' };
    if (view?.type !== 'home' || !Array.isArray(view.blocks))
      return { ok: false, error: 'invalid_arguments' };
    const refused = this.refuses('views.publish', view.blocks, 'home');
    if (refused) return refused;
    this.homeViews.set(userId, { blocks: view.blocks });
    return { ok: true, view: { id: `V${userId}`, type: 'home', blocks: view.blocks } };
  }

  private resolveChannel(channel: string): { id: string } | { error: string } {
    const ws = this.workspace;
    if (ws.users[channel]) return { id: dmChannelOf(channel) };
    if (channel.startsWith('D') && ws.users[`U${channel.slice(1)}`]) return { id: channel };
    const known = ws.channels[channel];
    if (!known) return { error: 'channel_not_found' };
    if (!known.members.includes(ws.botUserId)) return { error: 'not_in_channel' };
    return { id: channel };
  }

  private postMessage(body: Record<string, unknown>) {
    const target = this.resolveChannel(String(body.channel ?? ''));
    if ('error' in target) return { ok: false, error: target.error };
    if (!body.text && !body.blocks) return { ok: false, error: 'no_text' };
    const refused = this.refuses('chat.postMessage', parseJsonField(body.blocks), 'message');
    if (refused) return refused;
    const threadTs = typeof body.thread_ts === 'string' && body.thread_ts ? body.thread_ts : undefined;
    const message = this.store({
      channel: target.id,
      text: String(body.text ?? ''),
      blocks: parseJsonField(body.blocks),
      via: 'chat.postMessage',
      ...(threadTs ? { threadTs } : {}),
    });
    return {
      ok: true,
      channel: target.id,
      ts: message.ts,
      message: { text: message.text, ...(threadTs ? { thread_ts: threadTs } : {}) },
    };
  }

  private postEphemeral(body: Record<string, unknown>) {
    const user = String(body.user ?? '');
    const target = this.resolveChannel(String(body.channel ?? ''));
    if ('error' in target) return { ok: false, error: target.error };
    if (!this.workspace.users[user]) return { ok: false, error: 'user_not_found' };
    const isDm = target.id.startsWith('D');
    const member = isDm
      ? target.id === dmChannelOf(user)
      : this.workspace.channels[target.id]?.members.includes(user);
    if (!member) return { ok: false, error: 'user_not_in_channel' };
    const refused = this.refuses('chat.postEphemeral', parseJsonField(body.blocks), 'message');
    if (refused) return refused;
    const message = this.store({
      channel: target.id,
      text: String(body.text ?? ''),
      blocks: parseJsonField(body.blocks),
      visibleTo: user,
      via: 'chat.postEphemeral',
    });
    return { ok: true, message_ts: message.ts };
  }

  private update(body: Record<string, unknown>) {
    const target = this.messages.find(
      (m) => m.channel === body.channel && m.ts === body.ts && !m.visibleTo && !m.replaced,
    );
    if (!target) return { ok: false, error: 'message_not_found' };
    const refused = this.refuses('chat.update', parseJsonField(body.blocks), 'message');
    if (refused) return refused;
    target.text = String(body.text ?? target.text);
    target.blocks = parseJsonField(body.blocks) ?? target.blocks;
    return { ok: true, channel: target.channel, ts: target.ts };
  }

  private handleResponseUrl(id: string, body: Record<string, unknown>, res: ServerResponse): void {
    const entry = this.responseUrls.get(id);
    if (!entry || entry.expiresAt < Date.now())
      return void sendJson(res, 404, { ok: false, error: 'expired_url' });
    if (++entry.uses > RESPONSE_URL_USES) return void sendJson(res, 404, { ok: false, error: 'used_url' });
    // Like incoming webhooks, a response_url answers an HTTP status and a bare error string.
    if (this.refuses('response_url', parseJsonField(body.blocks), 'message')) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return void res.end('invalid_blocks');
    }
    if (body.delete_original === true && entry.original) {
      entry.original.replaced = true;
      return void sendJson(res, 200, { ok: true });
    }
    // replace_original rewrites the message in place: same ts, same audience.

    if (body.replace_original === true && entry.original && !entry.original.replaced) {
      entry.original.text = String(body.text ?? '');
      entry.original.blocks = parseJsonField(body.blocks);
      return void sendJson(res, 200, { ok: true });
    }
    const ephemeral = body.response_type !== 'in_channel';
    const message = this.store({
      channel: entry.channel,
      text: String(body.text ?? ''),
      blocks: parseJsonField(body.blocks),
      ...(ephemeral ? { visibleTo: entry.userId } : {}),
      via: 'response_url',
    });
    if (body.replace_original === true) entry.original = message;
    sendJson(res, 200, { ok: true });
  }

  /**
   * Slack's answer when `blocks` break a Block Kit limit (recorded), or undefined when they are fine.
   * The `errors` list mimics Slack's: a reason with a JSON pointer to the offending value.
   */
  private refuses(via: string, blocks: unknown, surface: Surface) {
    const breaches = blockKitBreaches(blocks, surface);
    if (breaches.length === 0) return undefined;
    this.blockKitBreaches.push({ via, breaches });
    return {
      ok: false,
      error: 'invalid_blocks',
      errors: breaches.map(
        (b) =>
          `${b.rule}: limit ${b.limit}, got ${b.actual} [json-pointer:/${b.path.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/')}]`,
      ),
    };
  }

  private store(message: Omit<StoredMessage, 'ts'>): StoredMessage {
    const stored = {
      ...message,
      ts: `${Math.floor(Date.now() / 1000)}.${String(++this.tsCounter).padStart(6, '0')}`,
    };
    this.messages.push(stored);
    this.onMessage?.(stored);

    return stored;
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Form-encoded calls send blocks as a JSON string; JSON calls send them as they are. */
function parseJsonField(value: unknown) {
  if (typeof value !== 'string') return value as never;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
