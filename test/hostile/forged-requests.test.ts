import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders, slackSignature, slashCommandBody } from '../../src/sandbox/slack/signed-request.js';
import { type Harness, REQUESTER, SIGNING_SECRET, startHarness } from '../support/harness.js';

/** Forged, replayed and malformed deliveries: refused before any listener runs, with nothing written or called. */
describe('forged and replayed requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  const body = () =>
    slashCommandBody({
      text: 'create media-assets forged',
      userId: REQUESTER,
      channelId: 'DREQUESTER',
      responseUrl: h.slack.newResponseUrl(REQUESTER, 'DREQUESTER'),
    });
  const now = () => Math.floor(Date.now() / 1000);
  const post = (payload: string | Buffer, headers: Record<string, string>) =>
    fetch(`${h.bot.url}/slack/events`, { method: 'POST', headers, body: payload });

  const cases: Array<[string, () => [string | Buffer, Record<string, string>]]> = [
    [
      'a wrong signing secret',
      () => {
        const b = body();
        return [b, signedHeaders('not-the-secret', b)];
      },
    ],
    [
      'a garbage signature',
      () => {
        const b = body();
        return [b, { ...signedHeaders(SIGNING_SECRET, b), 'x-slack-signature': 'v0=deadbeef' }];
      },
    ],
    [
      'a signature without the v0= version',
      () => {
        const b = body();
        const t = now();
        return [
          b,
          {
            ...signedHeaders(SIGNING_SECRET, b, t),
            'x-slack-signature': slackSignature(SIGNING_SECRET, t, b).slice(3),
          },
        ];
      },
    ],
    [
      'a timestamp six minutes old (replay)',
      () => {
        const b = body();
        return [b, signedHeaders(SIGNING_SECRET, b, now() - 360)];
      },
    ],
    [
      'a timestamp six minutes ahead',
      () => {
        const b = body();
        return [b, signedHeaders(SIGNING_SECRET, b, now() + 360)];
      },
    ],
    [
      'a non-numeric timestamp',
      () => {
        const b = body();
        return [b, { ...signedHeaders(SIGNING_SECRET, b), 'x-slack-request-timestamp': 'yesterday' }];
      },
    ],
    [
      'no signature header',
      () => {
        const b = body();
        const { 'x-slack-signature': _s, ...rest } = signedHeaders(SIGNING_SECRET, b);
        return [b, rest];
      },
    ],
    [
      'no timestamp header',
      () => {
        const b = body();
        const { 'x-slack-request-timestamp': _t, ...rest } = signedHeaders(SIGNING_SECRET, b);
        return [b, rest];
      },
    ],
    [
      'the body changed after signing',
      () => {
        const b = body();
        return [b.replace('forged', 'tampered'), signedHeaders(SIGNING_SECRET, b)];
      },
    ],
    [
      'a body signed for another timestamp',
      () => {
        const b = body();
        const h2 = signedHeaders(SIGNING_SECRET, b, now() - 10);
        return [b, { ...h2, 'x-slack-request-timestamp': String(now()) }];
      },
    ],
    [
      'a signed body of the wrong content type',
      () => {
        const b = body();
        return [b, { ...signedHeaders(SIGNING_SECRET, b), 'content-type': 'text/plain' }];
      },
    ],
    [
      'a signed JSON body that is not JSON',
      () => {
        const b = '{"type":"event_callback",';
        return [b, { ...signedHeaders(SIGNING_SECRET, b), 'content-type': 'application/json' }];
      },
    ],
  ];

  it.each(cases)('refuses %s with 400 or 401, writing and calling nothing', async (_, make) => {
    const [payload, headers] = make();
    const response = await post(payload, headers);
    expect([400, 401]).toContain(response.status);
    await h.settle();
    expect(await h.allItems()).toHaveLength(0);
    expect(h.lightsail.calls).toHaveLength(0);
    expect(h.slack.calls).toHaveLength(0);
  });

  it('refuses an oversized body with 413 before verifying or parsing it', async () => {
    const huge = `${body()}&padding=${'x'.repeat(600 * 1024)}`;
    const response = await post(huge, signedHeaders(SIGNING_SECRET, huge));
    expect(response.status).toBe(413);
    await h.settle();
    expect(await h.allItems()).toHaveLength(0);
    expect(h.slack.calls).toHaveLength(0);
  });
});
