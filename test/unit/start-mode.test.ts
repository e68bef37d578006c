import { describe, expect, it } from 'vitest';
import { chooseStartMode, describeStartMode } from '../../src/entrypoints/start-mode.js';

describe('npm start mode', () => {
  it('plays Slack in the browser on local stand-ins by default', () => {
    expect(chooseStartMode({})).toEqual({ slack: 'playground', aws: 'local' });
    expect(chooseStartMode({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ slack: 'playground', aws: 'local' });
  });
  it('uses Socket Mode when both Slack tokens are set, and real AWS only when asked', () => {
    expect(chooseStartMode({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({
      slack: 'socket',
      aws: 'local',
    });
    expect(
      chooseStartMode({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', BUCKET_KEY_AWS: 'real' }).aws,
    ).toBe('real');
    expect(describeStartMode({ slack: 'socket', aws: 'local' })).toContain('Socket Mode');
  });
});
