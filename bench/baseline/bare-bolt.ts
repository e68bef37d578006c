import { App, AwsLambdaReceiver } from '@slack/bolt';

/**
 * The baseline for the cold-start comparison: Bolt's own AWS Lambda example, a bare app with one
 * slash command that acknowledges, bundled exactly as the bot's `http` function is.
 */
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  receiver,
  ...(process.env.SLACK_API_URL ? { clientOptions: { slackApiUrl: process.env.SLACK_API_URL } } : {}),
});
app.command('/bucket-key', async ({ ack }) => {
  await ack('Working on it…');
});

export async function handler(
  event: Parameters<ReturnType<AwsLambdaReceiver['toHandler']>>[0],
  context: unknown,
) {
  return receiver.toHandler()(event, context);
}
