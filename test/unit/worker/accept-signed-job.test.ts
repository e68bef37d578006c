import { describe, expect, it } from 'vitest';
import { signedHeaders, slashCommandBody } from '../../../src/sandbox/slack/signed-request.js';
import { acceptSignedJob } from '../../../src/worker/accept-signed-job.js';
import { fakeDependencies } from '../../support/fakes.js';

const SECRET = 'unit-signing-secret';

function signedCommand(text: string, responseUrl: string) {
  const body = slashCommandBody({ text, userId: 'UREQUESTER', channelId: 'DREQUESTER', responseUrl });
  const headers = signedHeaders(SECRET, body);
  return {
    slackRequest: {
      body,
      signature: headers['x-slack-signature'],
      timestamp: headers['x-slack-request-timestamp'],
      contentType: headers['content-type'],
    },
  };
}

describe("the worker's front door", () => {
  it('answers a signed request whose job it cannot run through its response_url, with a reference', async () => {
    const deps = fakeDependencies();
    // Slack signed it, but the job schema takes only http(s) response_urls: the job is refused.
    const responseUrl = 'ftp://hooks.slack.com/commands/T1/1/x';

    await acceptSignedJob(deps, signedCommand('status', responseUrl), {
      signingSecret: SECRET,
      nowMs: Date.now(),
    });

    const [answer] = deps.messenger.textsTo(responseUrl);
    const ref = /Reference `([0-9a-f]{8})`/.exec(answer ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(deps.logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', extra: expect.objectContaining({ ref, kind: 'status' }) }),
    );
    expect(deps.requests.items.size).toBe(0);
  });

  it('runs the job a verified request asks for', async () => {
    const deps = fakeDependencies();
    const responseUrl = 'https://hooks.slack.com/commands/T1/1/y';

    await acceptSignedJob(deps, signedCommand('status', responseUrl), {
      signingSecret: SECRET,
      nowMs: Date.now(),
    });

    expect(deps.messenger.textsTo(responseUrl).join('\n')).toContain('Your requests and keys');
  });
});
