import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createWebClient } from '../src/adapters/slack/create-web-client.js';
import { loadConfig } from '../src/config.js';
import { createDynamoClient } from '../src/entrypoints/build-dependencies.js';
import { sendSigned, slashCommandBody } from '../src/sandbox/slack/signed-request.js';
import { seedApproval } from './seed.js';
import { addUsers, startBenchStack } from './stack.js';
import { median, timed } from './stats.js';

export interface EndToEnd {
  medianMs: number;
  unavoidableMs: number;
  parts: Record<string, number>;
}

/**
 * From a requester's `create` with an approval on record to the ephemeral DM arriving at the Slack
 * stand-in, against the sum of the round trips the flow cannot avoid, each timed alone on the same stand-ins.
 */
export async function measureEndToEnd(count: number): Promise<EndToEnd> {
  const b = await startBenchStack();
  const { stack, bot } = b;
  const users = Array.from({ length: count }, (_, i) => `UE2E${String(i).padStart(6, '0')}`);
  addUsers(stack, users);
  for (const [i, user] of users.entries()) {
    stack.lightsail.state.addBucket(`e2e-bucket-${i}`);
    await seedApproval(bot.deps, user, `e2e-bucket-${i}`);
  }
  const samples: number[] = [];
  for (const [i, user] of users.entries()) {
    const arrived = new Promise<number>((resolve) => {
      stack.slack.onMessage = (m) => {
        if (m.via === 'chat.postEphemeral' && m.visibleTo === user) resolve(performance.now());
      };
    });
    const started = performance.now();
    await b.command(user, `create e2e-bucket-${i}`);
    samples.push((await arrived) - started);
    await bot.jobs.idle();
  }
  stack.slack.onMessage = undefined;

  // The unavoidable round trips, each measured alone on the same stand-ins with the same clients.
  const db = createDynamoClient(loadConfig(stack.env));
  const web = createWebClient(String(stack.env.SLACK_BOT_TOKEN), stack.slack.apiUrl);
  const table = 'bucket-key-requests';
  const parts: Record<string, number[]> = {
    slackRequest: [],
    readApproval: [],
    claim: [],
    listKeys: [],
    createKey: [],
    recordKey: [],
    postEphemeral: [],
  };
  for (const [i, user] of users.entries()) {
    const key = { requestId: `BENCH-${i}` };
    const bucket = `raw-bucket-${i}`;
    stack.lightsail.state.addBucket(bucket);
    const body = slashCommandBody({
      text: 'help',
      userId: user,
      channelId: 'D1',
      responseUrl: 'http://127.0.0.1:9/r',
    });
    parts.slackRequest?.push(
      await timed(() => sendSigned(`${bot.url}/slack/events`, String(stack.env.SLACK_SIGNING_SECRET), body)),
    );
    parts.readApproval?.push(
      await timed(() => db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))),
    );
    parts.claim?.push(
      await timed(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: 'SET #s = :s',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':s': 'ISSUING' },
          }),
        ),
      ),
    );
    parts.listKeys?.push(await timed(() => bot.deps.keys.listKeys(bucket, 'us-east-1')));
    parts.createKey?.push(await timed(() => bot.deps.keys.createKey(bucket, 'us-east-1')));
    parts.recordKey?.push(
      await timed(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: 'SET accessKeyId = :k',
            ExpressionAttributeValues: { ':k': 'AKIA' },
          }),
        ),
      ),
    );
    parts.postEphemeral?.push(
      await timed(() => web.chat.postEphemeral({ channel: `D${user.slice(1)}`, user, text: 'x' })),
    );
  }
  await b.stop();
  const medians = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)]));
  return {
    medianMs: median(samples),
    unavoidableMs: Object.values(medians).reduce((a, c) => a + c, 0),
    parts: medians,
  };
}
