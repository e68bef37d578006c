import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebClient } from '../../src/adapters/slack/create-web-client.js';
import { SlackMessenger } from '../../src/adapters/slack/slack-messenger.js';
import { MessengerError } from '../../src/domain/errors.js';
import { SlackStandIn } from '../../src/sandbox/slack/slack-standin.js';
import { demoWorkspace } from '../../src/sandbox/slack/slack-workspace.js';

const USER = 'UREQUESTER';

describe('SlackMessenger: the requester’s DM, through the real WebClient', () => {
  const slack = new SlackStandIn(demoWorkspace('xoxb-dm'));
  let messenger: SlackMessenger;
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  beforeEach(() => {
    slack.calls.length = 0;
    messenger = new SlackMessenger(createWebClient('xoxb-dm', slack.apiUrl));
  });
  const methods = () => slack.calls.map((call) => call.method);

  it('opens the DM when asked to prepare it, and the secret’s ephemeral message waits for nothing else', async () => {
    messenger.prepareDirectMessage(USER);
    await expect.poll(methods).toEqual(['conversations.open']);

    await messenger.ephemeralDirectMessage(USER, { text: 'the secret' });

    expect(methods()).toEqual(['conversations.open', 'chat.postEphemeral']);
    expect(slack.messages.at(-1)).toMatchObject({ visibleTo: USER, text: 'the secret' });
  });

  it('shares one conversations.open between a preparation still under way and the message', async () => {
    messenger.prepareDirectMessage(USER);
    await messenger.ephemeralDirectMessage(USER, { text: 'first' });
    await messenger.directMessage(USER, { text: 'second' });

    expect(methods()).toEqual(['conversations.open', 'chat.postEphemeral', 'chat.postMessage']);
  });

  it('forgets a failed open: the message that follows opens the DM again, and its own failure is its own', async () => {
    slack.failNext('conversations.open', { error: 'ratelimited' });
    messenger.prepareDirectMessage(USER);
    await expect.poll(methods).toEqual(['conversations.open']);

    await messenger.ephemeralDirectMessage(USER, { text: 'after a failed preparation' });
    expect(methods()).toEqual(['conversations.open', 'conversations.open', 'chat.postEphemeral']);

    slack.failNext('conversations.open', { error: 'user_not_found' });
    const stranger = new SlackMessenger(createWebClient('xoxb-dm', slack.apiUrl));
    const failed = stranger.ephemeralDirectMessage(USER, { text: 'x' });
    await expect(failed).rejects.toBeInstanceOf(MessengerError);
    await expect(failed).rejects.toMatchObject({ slackError: 'user_not_found' });
    await expect(stranger.ephemeralDirectMessage(USER, { text: 'x' })).resolves.toBeUndefined();
  });
});
