import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../src/adapters/metrics/memory-metrics.js';
import { loadConfig } from '../../src/config.js';
import { type SocketModeBot, startSocketMode } from '../../src/entrypoints/socket-mode.js';
import { type LocalStack, startLocalStack } from '../../src/sandbox/local-stack.js';
import { SocketModeStandIn } from '../../src/sandbox/slack/socket-mode-standin.js';
import { captureLogger, textOf } from '../support/harness.js';

const APP_TOKEN = 'xapp-1-local-socket-mode';

/** `npm start` against a "real" workspace: the same app over Socket Mode, here against loopback stand-ins. */
describe('Socket Mode', () => {
  let stack: LocalStack;
  let socket: SocketModeStandIn;
  let bot: SocketModeBot;
  const logs: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack();
    socket = new SocketModeStandIn();
    stack.slack.socketModeUrl = await socket.start();
    stack.workspace.appToken = APP_TOKEN;
    // Socket Mode needs no signing secret; the connection itself is authenticated by the app token.
    const { SLACK_SIGNING_SECRET: _unused, ...env } = stack.env;
    bot = await startSocketMode(loadConfig({ ...env, LOG_LEVEL: 'WARN' }, 'sweeper'), APP_TOKEN, {
      logger: captureLogger(logs),
      metrics: new MemoryMetrics(),
    });
    await socket.connected();
  });
  afterAll(async () => {
    await bot?.stop();
    await socket?.stop();
    await stack?.stop();
  });

  it('opens the connection with the app-level token only', () => {
    const opens = stack.slack.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opens.length).toBeGreaterThan(0);
  });

  it('acknowledges a slash command over the socket and runs the same flow', async () => {
    const ack = await socket.deliver('slash_commands', {
      command: '/bucket-key',
      text: 'create media-assets over socket mode',
      user_id: 'UREQUESTER',
      channel_id: 'DREQUESTER',
      team_id: 'T0DEMO0001',
      response_url: stack.slack.newResponseUrl('UREQUESTER', 'DREQUESTER'),
      trigger_id: '1.trigger',
    });
    expect(JSON.stringify(ack)).toContain('Working on it');
    await bot.jobs.idle();
    // The channel also holds the notice of the policy version the bot applied at start.
    const card = stack.slack.messages.find(
      (m) => m.channel === 'CAPPROVALS' && !m.text.startsWith('bucket-key policy version'),
    );
    expect(textOf(card)).toContain('asks for an access key to *media-assets*');
  });

  it('answers bad input over the socket with usage, and touches nothing', async () => {
    const before = stack.slack.calls.length;
    const ack = await socket.deliver('slash_commands', {
      command: '/bucket-key',
      text: 'create Not_A_Bucket',
      user_id: 'UREQUESTER',
      channel_id: 'DREQUESTER',
      team_id: 'T0DEMO0001',
      response_url: stack.slack.newResponseUrl('UREQUESTER', 'DREQUESTER'),
    });
    expect(JSON.stringify(ack)).toContain('not a valid Lightsail bucket name');
    await bot.jobs.idle();
    expect(stack.slack.calls.length).toBe(before);
  });
});
