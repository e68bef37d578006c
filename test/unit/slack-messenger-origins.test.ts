import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../src/adapters/slack/slack-messenger.js';
import { MessengerError } from '../../src/domain/errors.js';

describe('SlackMessenger.respond', () => {
  it('posts only to Slack’s response_url hosts, and never fetches anything else', async () => {
    const fetched: string[] = [];
    const fakeFetch = (async (url: string) => {
      fetched.push(url);
      return new Response('ok');
    }) as unknown as typeof fetch;
    const messenger = new SlackMessenger(new WebClient('xoxb-x'), undefined, fakeFetch);
    await messenger.respond('https://hooks.slack.com/commands/T1/2/abc', { text: 'hi' });
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'https://hooks.slack.com.evil.example/x',
      'not a url',
    ]) {
      await expect(messenger.respond(url, { text: 'hi' })).rejects.toBeInstanceOf(MessengerError);
    }
    expect(fetched).toEqual(['https://hooks.slack.com/commands/T1/2/abc']);
  });
});
