/**
 * What `npm start` runs. With SLACK_BOT_TOKEN and SLACK_APP_TOKEN it connects to a real workspace
 * over Socket Mode; otherwise it plays Slack itself in the browser. AWS stays local (dynalite and the
 * Lightsail emulator) unless BUCKET_KEY_AWS=real.
 */
export interface StartMode {
  slack: 'playground' | 'socket';
  aws: 'local' | 'real';
}

export function chooseStartMode(env: Record<string, string | undefined>): StartMode {
  return {
    slack: env.SLACK_BOT_TOKEN && env.SLACK_APP_TOKEN ? 'socket' : 'playground',
    aws: env.BUCKET_KEY_AWS === 'real' ? 'real' : 'local',
  };
}

export function describeStartMode(mode: StartMode): string {
  const slack =
    mode.slack === 'socket' ? 'real Slack workspace over Socket Mode' : 'Slack played in the browser';
  const aws =
    mode.aws === 'real'
      ? 'real AWS (default credentials)'
      : 'local DynamoDB (dynalite) and the Lightsail emulator';
  return `mode: ${slack}; ${aws}`;
}
