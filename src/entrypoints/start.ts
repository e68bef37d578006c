import { loadConfig } from '../config.js';
import { startLocalStack } from '../sandbox/local-stack.js';
import { sweep } from '../services/sweep.js';
import { startServer } from './server.js';

const SWEEP_EVERY_MS = 30_000;

/**
 * `npm start`: the whole bot on this machine, on local stand-ins for Slack, Lightsail
 * and DynamoDB. `npm start -- --fresh` forgets the data kept in `.data/`.
 */
async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh');
  // Node 20 is fine locally; Lambda runs nodejs22.x. The SDK's notice about Node 22 only distracts here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const stack = await startLocalStack({ dataDir: '.data/dynamodb', fresh });
  const config = loadConfig({ ...stack.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN', PORT: '0' });
  const bot = await startServer(config);
  // Production runs the sweeper on a schedule; locally, a timer does the same job.
  const sweeper = setInterval(() => {
    sweep(bot.deps).catch((error: unknown) => console.error('sweep failed:', (error as Error).message));
  }, SWEEP_EVERY_MS);

  console.log(
    [
      'bucket-key is running locally (mode: local stand-ins, no Slack or AWS account needed)',
      `  bot          ${bot.url}/slack/events`,
      `  Slack        ${stack.slack.url} (stand-in)`,
      `  Lightsail    ${stack.lightsail.url} (emulator)`,
      `  DynamoDB     ${stack.dynamo.url} (dynalite, data in .data/${fresh ? ', started fresh' : ''})`,
    ].join('\n'),
  );
  const stop = async () => {
    clearInterval(sweeper);

    await bot.stop();
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
