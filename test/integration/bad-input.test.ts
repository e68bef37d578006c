import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionBody, signedHeaders } from '../../src/sandbox/slack/signed-request.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import {
  APPROVER,
  type Harness,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';

// Forged and replayed requests are in test/hostile/forged-requests.test.ts.
describe('input the bot does not understand', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  const post = (payload: string, headers: Record<string, string>) =>
    fetch(`${h.bot.url}/slack/events`, { method: 'POST', headers, body: payload });

  async function expectNothingHappened() {
    await h.settle();
    expect(await h.allItems()).toHaveLength(0);
    expect(h.lightsail.calls).toHaveLength(0);
    expect(h.slack.calls).toHaveLength(0);
  }

  const badInputs: Array<[string, string]> = [
    ['an unknown subcommand', 'destroy media-assets'],
    ['a bucket name Lightsail would refuse', 'create Media_Assets'],
    ['a name that is too short', 'create ab'],
    ['a mention instead of a bucket', 'create <@U123|bob> please'],
    ['unicode in the bucket name', 'create médiа-assets'],
    ['a 4,000-character text', `create media-assets ${'x'.repeat(4000)}`],
    // `create` alone opens the request form: test/integration/request-modal.test.ts.
    ['a reason with control characters', 'create media-assets why\u0007not'],
  ];
  it.each(badInputs)('answers %s with usage, and writes and calls nothing', async (_, text) => {
    const answer = await h.command(REQUESTER, text);
    expect(answer.status).toBe(200);
    expect(textOf(answer.json as never)).toContain('/bucket-key create');
    expect(answer.json?.response_type ?? 'ephemeral').toBe('ephemeral');
    await expectNothingHappened();
  });

  // Outside review, finding 4: the worker's job schema refused a date before year 0, and the
  // approver was left at "Working on it…".
  it('answers an audit reaching back past the limit with usage naming it, and hands off nothing', async () => {
    const answer = await h.command(APPROVER, 'audit media-assets --since 999999d');
    expect(answer.status).toBe(200);
    expect(textOf(answer.json as never)).toContain('`--since` goes back at most 400 days');
    expect(textOf(answer.json as never)).toContain('/bucket-key audit');
    await expectNothingHappened();
    expect(textOf(h.lastAnswerTo(APPROVER))).toContain('`--since` goes back at most 400 days');
    expect(h.logs.filter((line) => line.includes('job started'))).toEqual([]);
  });

  it('shows usage for a bare /bucket-key and for help', async () => {
    for (const text of ['', 'help', '  HELP ']) {
      const answer = await h.command(REQUESTER, text);
      expect(textOf(answer.json as never)).toContain('/bucket-key audit');
    }
    await expectNothingHappened();
  });

  it('ignores a button whose value is not a request id', async () => {
    const payload = blockActionBody({
      userId: REQUESTER,
      actionId: ACTION.approve,
      value: '"; DROP TABLE',
      in: {
        channelId: 'CAPPROVALS',
        messageTs: '1.1',
        responseUrl: h.slack.newResponseUrl(REQUESTER, 'CAPPROVALS'),
      },
    });
    const response = await post(payload, signedHeaders(SIGNING_SECRET, payload));
    expect(response.status).toBe(200);
    await expectNothingHappened();
  });
});
