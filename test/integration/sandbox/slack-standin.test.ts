import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebClient } from '../../../src/adapters/slack/create-web-client.js';
import { SlackStandIn } from '../../../src/sandbox/slack/slack-standin.js';
import { demoWorkspace } from '../../../src/sandbox/slack/slack-workspace.js';

describe('Slack stand-in, through the real WebClient', () => {
  const slack = new SlackStandIn(demoWorkspace('xoxb-right'));
  let client: WebClient;
  beforeAll(async () => {
    await slack.start();
    client = createWebClient('xoxb-right', slack.apiUrl);
  });
  afterAll(() => slack.stop());

  it('posts a message and records the call', async () => {
    const out = await client.chat.postMessage({
      channel: 'CGENERAL01',
      text: 'hello',
      blocks: [{ type: 'divider' }],
    });
    expect(out.ok).toBe(true);
    expect(slack.messages.at(-1)).toMatchObject({
      channel: 'CGENERAL01',
      text: 'hello',
      blocks: [{ type: 'divider' }],
    });
    expect(slack.calls.at(-1)?.method).toBe('chat.postMessage');
  });

  it('posts a reply in a thread with thread_ts, and says so in the answer', async () => {
    const parent = await client.chat.postMessage({ channel: 'CGENERAL01', text: 'parent' });
    const reply = await client.chat.postMessage({
      channel: 'CGENERAL01',
      text: 'in the thread',
      thread_ts: String(parent.ts),
    });
    expect(reply.message).toMatchObject({ thread_ts: parent.ts });
    expect(slack.messages.at(-1)).toMatchObject({ text: 'in the thread', threadTs: parent.ts });
    expect(slack.messages.find((m) => m.ts === parent.ts)?.threadTs).toBeUndefined();
  });

  it('takes a file through filesUploadV2: upload URL, the bytes, completion into a channel', async () => {
    const out = await client.filesUploadV2({
      channel_id: 'DREQUESTER',
      file: Buffer.from('seq,hash\r\n1,abc\r\n'),
      filename: 'export.csv',
      title: 'Export',
      initial_comment: 'here it is',
    });
    expect(out.ok).toBe(true);
    expect(slack.calls.slice(-2).map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    const file = [...slack.uploads.files.values()].at(-1);
    expect(file).toMatchObject({
      filename: 'export.csv',
      length: 17,
      title: 'Export',
      content: 'seq,hash\r\n1,abc\r\n',
      channel: 'DREQUESTER',
      completed: true,
    });
    expect(slack.messages.at(-1)).toMatchObject({ channel: 'DREQUESTER', text: 'here it is' });
  });

  it('refuses to complete an upload twice, one never uploaded, or one without a length', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'a.csv', length: 3 });
    await expect(
      client.files.completeUploadExternal({ files: [{ id: String(reserved.file_id) }] }),
    ).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    const upload = await fetch(String(reserved.upload_url), { method: 'POST', body: 'abc' });
    expect(await upload.text()).toBe('OK - 3');
    const done = await client.files.completeUploadExternal({ files: [{ id: String(reserved.file_id) }] });
    expect(done.ok).toBe(true);
    await expect(
      client.files.completeUploadExternal({ files: [{ id: String(reserved.file_id) }] }),
    ).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    expect((await fetch(String(reserved.upload_url), { method: 'POST', body: 'abc' })).status).toBe(404);
    await expect(client.files.getUploadURLExternal({ filename: 'a.csv', length: 0 })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
  });

  it('answers invalid_auth to a wrong token and not_authed to none', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await expect(wrong.auth.test()).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'invalid_auth' },
    });
    const none = new WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await expect(none.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
  });

  it('accepts JSON bodies as well as form-encoded ones', async () => {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-right', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'CGENERAL01', text: 'as json' }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'CGENERAL01' });
  });

  it('answers Slack’s channel errors', async () => {
    await expect(client.chat.postMessage({ channel: 'CNOSUCHONE', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    slack.workspace.channels.CPRIVATE01 = { name: 'secret', members: ['UREQUESTER'] };
    await expect(client.chat.postMessage({ channel: 'CPRIVATE01', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(
      client.chat.postEphemeral({ channel: 'CAPPROVALS', user: 'UREQUESTER', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
  });

  it('keeps ephemeral messages to their one user, and opens DMs', async () => {
    const dm = await client.conversations.open({ users: 'UREQUESTER' });
    await client.chat.postEphemeral({ channel: dm.channel?.id ?? '', user: 'UREQUESTER', text: 'only you' });
    expect(slack.visibleTo('UREQUESTER', dm.channel?.id).map((m) => m.text)).toContain('only you');
    expect(slack.visibleTo('UAPPROVER1').map((m) => m.text)).not.toContain('only you');
  });

  it('updates a message in place and expands user groups', async () => {
    const posted = await client.chat.postMessage({ channel: 'CGENERAL01', text: 'before' });
    await client.chat.update({ channel: 'CGENERAL01', ts: posted.ts ?? '', text: 'after' });
    expect(slack.messages.find((m) => m.ts === posted.ts)?.text).toBe('after');
    await expect(client.chat.update({ channel: 'CGENERAL01', ts: '1.2', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    slack.workspace.groups.SAPPROVERS = ['UAPPROVER1', 'UAPPROVER2'];
    expect((await client.usergroups.users.list({ usergroup: 'SAPPROVERS' })).users).toEqual([
      'UAPPROVER1',
      'UAPPROVER2',
    ]);
  });

  it('answers 429 with Retry-After, which the WebClient honours', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = slack.calls.length;
    const out = await client.chat.postMessage({ channel: 'CGENERAL01', text: 'after a wait' });
    expect(out.ok).toBe(true);
    expect(slack.calls.slice(before).map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
    const strict = new WebClient('xoxb-right', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    await expect(strict.chat.postMessage({ channel: 'CGENERAL01', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 30,
    });
  });

  it('opens Socket Mode connections for the app-level token only', async () => {
    slack.workspace.appToken = 'xapp-right';
    slack.socketModeUrl = 'ws://127.0.0.1:1/link';
    const app = new WebClient('xapp-right', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect((await app.apps.connections.open()).url).toBe('ws://127.0.0.1:1/link');
    await expect(client.apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
  });

  it('limits a response_url to five uses and replaces the original on request', async () => {
    const url = slack.newResponseUrl('UREQUESTER', 'DREQUESTER');
    slack.recordAcknowledgement(url, { text: 'working' });
    const send = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await send({ text: 'done', replace_original: true })).status).toBe(200);
    expect(slack.visibleTo('UREQUESTER', 'DREQUESTER').map((m) => m.text)).toContain('done');
    expect(slack.visibleTo('UREQUESTER', 'DREQUESTER').map((m) => m.text)).not.toContain('working');
    for (let i = 0; i < 4; i++) await send({ text: `again ${i}` });
    expect((await send({ text: 'sixth' })).status).toBe(404);
  });

  describe('refuses blocks that break a Block Kit limit, as Slack does', () => {
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn' as const, text } });
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`line ${i}`));
    const button = (label: string) => ({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: label }, value: 'v' }],
    });

    it('answers invalid_blocks to chat.postMessage, chat.postEphemeral and chat.update, and stores nothing', async () => {
      const before = slack.messages.length;
      await expect(
        client.chat.postMessage({ channel: 'CGENERAL01', text: 'x', blocks: blocks(51) }),
      ).rejects.toMatchObject({ data: { ok: false, error: 'invalid_blocks' } });
      await expect(
        client.chat.postMessage({ channel: 'CGENERAL01', text: 'x', blocks: [section('y'.repeat(3001))] }),
      ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
      const dm = await client.conversations.open({ users: 'UREQUESTER' });
      await expect(
        client.chat.postEphemeral({
          channel: dm.channel?.id ?? '',
          user: 'UREQUESTER',
          text: 'x',
          blocks: [button('b'.repeat(76))],
        }),
      ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
      expect(slack.messages.length).toBe(before);

      const posted = await client.chat.postMessage({ channel: 'CGENERAL01', text: 'x', blocks: blocks(50) });
      await expect(
        client.chat.update({
          channel: 'CGENERAL01',
          ts: posted.ts ?? '',
          text: 'y',
          blocks: [{ type: 'section', fields: blocks(11).map((b) => b.text) }],
        }),
      ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
      expect(slack.messages.find((m) => m.ts === posted.ts)?.blocks).toHaveLength(50);
      expect(slack.blockKitBreaches.map((b) => b.via)).toEqual([
        'chat.postMessage',
        'chat.postMessage',
        'chat.postEphemeral',
        'chat.update',
      ]);
      expect(slack.blockKitBreaches[1]?.breaches).toEqual([
        { path: 'blocks[0].text.text', rule: 'section text length', limit: 3000, actual: 3001 },
      ]);
      slack.blockKitBreaches.length = 0;
    });

    it('publishes a Home tab of 100 blocks and refuses one of 101', async () => {
      await client.views.publish({ user_id: 'UAPPROVER1', view: { type: 'home', blocks: blocks(100) } });
      expect(slack.homeViews.get('UAPPROVER1')?.blocks).toHaveLength(100);
      await expect(
        client.views.publish({ user_id: 'UAPPROVER1', view: { type: 'home', blocks: blocks(101) } }),
      ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
      expect(slack.homeViews.get('UAPPROVER1')?.blocks).toHaveLength(100);
      expect(slack.blockKitBreaches.map((b) => b.via)).toEqual(['views.publish']);
      slack.blockKitBreaches.length = 0;
    });

    it('answers a response_url post with HTTP 400 and the bare string invalid_blocks, as Slack’s hooks do', async () => {
      const url = slack.newResponseUrl('UREQUESTER', 'DREQUESTER');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text: 'x',
          blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
        }),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe('invalid_blocks');
      expect(slack.visibleTo('UREQUESTER', 'DREQUESTER').map((m) => m.text)).not.toContain('x');
      expect(slack.blockKitBreaches.map((b) => b.via)).toEqual(['response_url']);
      slack.blockKitBreaches.length = 0;
    });
  });
});
