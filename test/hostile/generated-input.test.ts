import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.js';
import { sendSigned, slashCommandBody } from '../../src/sandbox/slack/signed-request.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { commandText } from '../support/arbitraries.js';
import { type Harness, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';

const SEED = 20261128;
const isInvalid = (text: string) => {
  try {
    parseCommand(text);
    return false;
  } catch {
    return true;
  }
};

/** Thousands of generated, correctly signed requests that the bot must refuse cleanly. */
describe('generated hostile input, signed, at the local server', () => {
  let h: Harness;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    h = await startHarness({ LOG_LEVEL: 'ERROR' });
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await h.stop();
  });

  async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
  }

  it('answers 1,500 invalid slash commands with an ephemeral usage message and touches nothing', async () => {
    const texts = fc.sample(commandText, { seed: SEED, numRuns: 6000 }).filter(isInvalid).slice(0, 1500);
    expect(texts.length).toBe(1500);
    const users = fc.sample(fc.stringMatching(/^U[A-Z0-9]{8,10}$/), { seed: SEED, numRuns: 50 });
    await inBatches(texts, 25, async (text) => {
      const user = users[text.length % users.length] as string;
      const answer = await sendSigned(
        `${h.bot.url}/slack/events`,
        SIGNING_SECRET,
        slashCommandBody({
          text,
          userId: user,
          channelId: `D${user.slice(1)}`,
          responseUrl: 'http://127.0.0.1:9/never',
        }),
      );
      expect({ text, status: answer.status }).toEqual({ text, status: 200 });
      expect(answer.json?.response_type ?? 'ephemeral').toBe('ephemeral');
      expect(textOf(answer.json as never)).toMatch(
        /Usage|don't know|don't understand|not a valid|not an access key|too long|longer than|The reason contains U\+[0-9A-F]{4,6}, |--since|--limit/,
      );
    });
    await h.settle();
    expect(await h.allItems()).toHaveLength(0);
    expect(h.lightsail.calls).toHaveLength(0);
    expect(h.slack.calls).toHaveLength(0);
    expect(unhandled).toEqual([]);
  });

  it('answers 1,000 malformed or hostile button clicks without a 5xx, and touches nothing', async () => {
    const actionIds = fc.constantFrom(...Object.values(ACTION), 'unknown_action', '');
    const values = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom('REQ-', 'REQ-AAAAAAAA-0', 'media-assets AKIA', '{"subject":{}}', 'null', '[]', '<@U1>'),
      fc.json({ maxDepth: 2 }),
    );
    const shapes = fc.record({
      actionId: actionIds,
      value: values,
      user: fc.oneof(fc.stringMatching(/^U[A-Z0-9]{8}$/), fc.constant(undefined)),
      container: fc.constantFrom('message', 'view', 'none'),
    });
    const clicks = fc.sample(shapes, { seed: SEED, numRuns: 1000 });
    await inBatches(clicks, 25, async (click) => {
      const payload: Record<string, unknown> = {
        type: 'block_actions',
        team: { id: 'T0DEMO0001' },
        api_app_id: 'A0BUCKETKEY',
        actions: [
          { type: 'button', action_id: click.actionId, block_id: 'b', value: click.value, action_ts: '1.0' },
        ],
        ...(click.user ? { user: { id: click.user } } : {}),
        ...(click.container === 'message'
          ? {
              container: { type: 'message', channel_id: 'CAPPROVALS', message_ts: '1.1' },
              response_url: 'http://127.0.0.1:9/never',
            }
          : click.container === 'view'
            ? { container: { type: 'view', view_id: 'V1' } }
            : {}),
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const answer = await sendSigned(`${h.bot.url}/slack/events`, SIGNING_SECRET, body);
      // 200 for anything Bolt can route (known or not), 400 for a payload it cannot process; never 5xx, never a timeout.
      expect({ click, ok: [200, 400].includes(answer.status) }).toEqual({ click, ok: true });
    });
    await h.settle();
    expect(await h.allItems()).toHaveLength(0);
    expect(h.lightsail.calls).toHaveLength(0);
    expect(unhandled).toEqual([]);
  });
});
