import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { close, listen, readBody, sendJson } from '../http.js';
import type { LightsailEmulator } from '../lightsail/lightsail-emulator.js';
import { blockActionBody, eventCallbackBody, sendSigned, slashCommandBody } from '../slack/signed-request.js';
import type { SlackStandIn } from '../slack/slack-standin.js';
import { dmChannelOf } from '../slack/slack-workspace.js';
import { closeModal, globalShortcuts, runShortcut, submit, suggest } from './playground-modals.js';
import { type PlaygroundPolicy, policyPanel, putPolicy } from './playground-policy.js';

export interface PlaygroundOptions {
  slack: SlackStandIn;
  lightsail: LightsailEmulator;
  db: DynamoDBDocumentClient;
  auditTable: string;
  /** Read to show, beside each Lightsail key, whose it is and its request's state (RETIRING…). */
  requestsTable: string;
  /** The bot's metrics so far (the EMF counters), for the side panel. */
  metrics?: () => { counts: Record<string, number>; latestMs: Record<string, number> };
  /** The bot's `POST /slack/events`. */
  botEventsUrl: string;
  signingSecret: string;
  /** The policy's SSM parameter, for the policy panel (absent: no panel). */
  policy?: PlaygroundPolicy;
  port?: number;
}

const PUBLIC = join(import.meta.dirname, 'public');
const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/blocks.js': 'blocks.js',
  '/modal.js': 'modal.js',
  '/style.css': 'style.css',
  '/modal.css': 'modal.css',
};
const TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css' };

/**
 * A web page that plays Slack for the local bot. It plays Slack's part on the server side:
 * what the page asks for becomes a real signed Slack request to the bot's `POST /slack/events`,
 * and what the bot says arrives through the real WebClient at the Slack stand-in, which the page reads.
 */
export async function startPlayground(
  options: PlaygroundOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  const { server, url } = await listen((req, res) => handle(options, req, res), options.port ?? 3000);
  return { url: url.replace('127.0.0.1', 'localhost'), stop: () => close(server as Server) };
}

async function handle(o: PlaygroundOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = STATIC[path];
  if (req.method === 'GET' && file) {
    res.writeHead(200, {
      'content-type': `${TYPES[file.split('.').pop() ?? 'html']}; charset=utf-8`,
      'cache-control': 'no-store',
    });
    return void res.end(readFileSync(join(PUBLIC, file)));
  }
  if (req.method === 'GET' && path === '/api/state') return sendJson(res, 200, await state(o, req));
  if (req.method !== 'POST') return sendJson(res, 404, { error: 'not found' });
  // biome-ignore lint/suspicious/noExplicitAny: the page's own JSON, each handler reads its fields
  const body = JSON.parse((await readBody(req, 100_000)) || '{}') as Record<string, any>;
  const as = body.as ?? '';
  if (!o.slack.workspace.users[as]) return sendJson(res, 400, { error: 'unknown user' });
  switch (path) {
    case '/api/command':
      return sendJson(res, 200, await command(o, as, body.channel ?? dmChannelOf(as), body.text ?? ''));
    case '/api/click':
      return sendJson(res, 200, await click(o, as, body));
    case '/api/shortcut':
      return sendJson(res, 200, await runShortcut(o, as, String(body.callbackId ?? '')));
    case '/api/suggest':
      return sendJson(res, 200, await suggest(o, as, body));
    case '/api/submit':
      return sendJson(res, 200, await submit(o, as, body));
    case '/api/close':
      return sendJson(res, 200, closeModal(o, as, String(body.viewId ?? '')));
    case '/api/policy':
      // Signed as the person viewing (riley, alex…): SSM records them as the version's author.
      if (!o.policy) return sendJson(res, 404, { error: 'no policy parameter' });
      return sendJson(
        res,
        200,
        await putPolicy(o.policy, o.slack.workspace.users[as]?.name ?? as, String(body.text ?? '')),
      );
    case '/api/home':
      return sendJson(
        res,
        200,
        await sendSigned(
          o.botEventsUrl,
          o.signingSecret,
          eventCallbackBody({
            type: 'app_home_opened',
            user: as,
            channel: dmChannelOf(as),
            tab: 'home',
            event_ts: `${Date.now() / 1000}`,
          }),
        ),
      );
    default:
      return sendJson(res, 404, { error: 'not found' });
  }
}

/** Everything the page shows: messages (ephemerals only to their user), Home views, keys and the audit log. */
async function state(o: PlaygroundOptions, req: IncomingMessage) {
  const viewer = new URL(req.url ?? '/', 'http://x').searchParams.get('as') ?? '';
  const [audit, requests] = await Promise.all(
    [o.auditTable, o.requestsTable].map((TableName) =>
      o.db.send(new ScanCommand({ TableName })).catch(() => ({ Items: [] })),
    ),
  );
  // The request that holds each key: an old key stays listed while its request is RETIRING.
  const holders = new Map(
    (requests?.Items ?? [])
      .filter((item) => typeof item.accessKeyId === 'string' && 'seq' in item)
      .map((item) => [item.accessKeyId, { state: item.state, requesterId: item.requesterId }]),
  );
  // The page gets the workspace's people and channels, not the stand-in's bot token.
  const { botToken: _token, ...workspace } = o.slack.workspace;
  return {
    workspace,

    // As Slack would: only the channels the viewer is in, and their own DM with the bot.
    messages: o.slack
      .visibleTo(viewer)
      .filter(
        (m) =>
          m.channel === dmChannelOf(viewer) ||
          o.slack.workspace.channels[m.channel]?.members.includes(viewer),
      )
      .map((m) => ({ ...m, ephemeral: Boolean(m.visibleTo) })),
    home: o.slack.homeViews.get(viewer) ?? null,
    // The modal the bot opened for the viewer (views.open), and the ⚡ menu's shortcuts.
    modal: o.slack.viewOf(viewer)?.view ?? null,
    shortcuts: globalShortcuts().map((s) => ({ callbackId: s.callback_id, name: s.name })),
    buckets: [...o.lightsail.state.buckets.values()].map((b) => ({
      name: b.name,
      region: b.region,
      keys: b.keys.map((k) => ({
        accessKeyId: k.accessKeyId,
        createdAt: k.createdAt,
        lastUsedDate: k.lastUsedDate ?? null,
        heldBy: holders.get(k.accessKeyId) ?? null,
      })),
    })),
    metrics: o.metrics?.() ?? { counts: {}, latestMs: {} },
    policy: o.policy ? await policyPanel(o.policy) : null,
    audit: (audit?.Items ?? [])
      .filter((item) => item.chain === 'events')
      .sort((a, b) => String(b.eventId).localeCompare(String(a.eventId)))
      .slice(0, 40),
  };
}

async function command(o: PlaygroundOptions, as: string, channel: string, text: string) {
  const [name, ...rest] = text.trim().split(/\s+/);
  if (name !== '/bucket-key')
    return { status: 400, error: 'This workspace only has the /bucket-key command.' };
  const responseUrl = o.slack.newResponseUrl(as, channel);
  const answer = await sendSigned(
    o.botEventsUrl,
    o.signingSecret,
    // A fresh trigger_id, as Slack puts in every command: `create` with no bucket opens the modal with it.
    slashCommandBody({
      text: rest.join(' '),
      userId: as,
      channelId: channel,
      responseUrl,
      triggerId: o.slack.newTriggerId(as),
    }),
  );
  if (answer.json) o.slack.recordAcknowledgement(responseUrl, answer.json);
  return { status: answer.status };
}

async function click(o: PlaygroundOptions, as: string, body: Record<string, string | undefined>) {
  const { actionId = '', value = '', channel, ts } = body;
  if (!channel) {
    return sendSigned(
      o.botEventsUrl,
      o.signingSecret,
      blockActionBody({ userId: as, actionId, value, in: 'home', triggerId: o.slack.newTriggerId(as) }),
    );
  }
  const message = o.slack.messages.find((m) => m.channel === channel && m.ts === ts);
  const responseUrl = o.slack.newResponseUrl(as, channel, message);
  const answer = await sendSigned(
    o.botEventsUrl,
    o.signingSecret,
    blockActionBody({
      userId: as,
      actionId,
      value,
      in: { channelId: channel, messageTs: ts ?? '', responseUrl },
      triggerId: o.slack.newTriggerId(as),
    }),
  );
  return { status: answer.status };
}
