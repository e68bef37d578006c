import { EmfMetrics } from '../adapters/metrics/emf-metrics.js';
import { MemoryMetrics } from '../adapters/metrics/memory-metrics.js';
import { TeeMetrics } from '../adapters/metrics/tee-metrics.js';
import { loadConfig } from '../config.js';
import { type LocalStack, startLocalStack } from '../sandbox/local-stack.js';
import { startPlayground } from '../sandbox/playground/playground-server.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { describeError } from '../services/failures.js';
import { meteredSweep } from '../services/sweep/metered-sweep.js';
import { sweepInForce } from '../worker/with-policy-in-force.js';
import { createDynamoClient } from './build-dependencies.js';
import { startServer } from './server.js';
import { startSocketMode } from './socket-mode.js';
import { chooseStartMode, describeStartMode } from './start-mode.js';

const SWEEP_EVERY_MS = 30_000;

/**
 * `npm start`: the whole bot on this machine. By default Slack is played by a web page on
 * http://localhost:3000; with SLACK_BOT_TOKEN and SLACK_APP_TOKEN a real workspace is used over
 * Socket Mode. `npm start -- --fresh` forgets the data kept in `.data/`.
 */
async function main(): Promise<void> {
  // Node 20 is fine locally; Lambda runs nodejs22.x. The SDK's notice about Node 22 only distracts here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const mode = chooseStartMode(process.env);
  const fresh = process.argv.includes('--fresh');
  const stack =
    mode.aws === 'local' ? await startLocalStack({ dataDir: '.data/dynamodb', fresh }) : undefined;
  const localAws: Record<string, string> = stack
    ? { DYNAMODB_ENDPOINT: stack.dynamo.url, LIGHTSAIL_ENDPOINT: stack.lightsail.url }
    : {};
  const lines = [`bucket-key is running locally (${describeStartMode(mode)})`];
  const started =
    mode.slack === 'socket'
      ? await startOverSocketMode(localAws)
      : await startWithPlayground(stack ?? failNoStack(), lines);
  const { deps } = started;
  const stops = [...started.stops];
  lines.push(...started.lines);
  if (stack) {
    lines.push(
      `  Lightsail    ${stack.lightsail.url} (emulator; legacy-archive already holds two keys)`,
      `  DynamoDB     ${stack.dynamo.url} (dynalite, data in .data/${fresh ? ', started fresh' : ''})`,
    );
    stops.push(stack.stop);
  }
  // Production runs the sweeper on a schedule; locally, a timer does the same job.
  const sweeper = setInterval(() => {
    sweepInForce(deps, meteredSweep)
      .catch((error: unknown) => console.error('sweep failed:', describeError(error)))
      .finally(() => deps.metrics.flush());
  }, SWEEP_EVERY_MS);
  console.log(lines.join('\n'));

  const stop = async () => {
    clearInterval(sweeper);
    for (const fn of stops) await fn();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

interface Started {
  deps: ServiceDependencies;
  stops: Array<() => Promise<void>>;
  lines: string[];
}

function failNoStack(): never {
  throw new Error('The browser playground needs the local stand-ins: unset BUCKET_KEY_AWS.');
}

/** A real workspace over Socket Mode, authenticated by the app token: no signing secret is read. */
async function startOverSocketMode(localAws: Record<string, string>): Promise<Started> {
  const config = loadConfig({ LOG_LEVEL: 'INFO', ...process.env, ...localAws }, 'sweeper');
  const bot = await startSocketMode(config, String(process.env.SLACK_APP_TOKEN));
  return {
    deps: bot.deps,
    stops: [bot.stop],
    lines: ['  Slack        connected over Socket Mode: try /bucket-key help in your workspace'],
  };
}

/** The bot behind the browser playground, which plays Slack for four demo people. */
async function startWithPlayground(stack: LocalStack, header: string[]): Promise<Started> {
  // The policy is read on every job, so a version put from the policy panel shows at once.
  const config = loadConfig({
    ...stack.env,
    POLICY_CACHE_SECONDS: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    PORT: '0',
  });
  // The bot's metrics go to its logs as EMF lines, as on Lambda, and to the playground's side panel.
  const counters = new MemoryMetrics();
  const bot = await startServer(config, { metrics: new TeeMetrics([new EmfMetrics(), counters]) });
  const playground = await startPlayground({
    metrics: () => counters.totals(),
    slack: stack.slack,
    lightsail: stack.lightsail,
    db: createDynamoClient(config),
    auditTable: config.tables.audit,
    requestsTable: config.tables.requests,
    botEventsUrl: `${bot.url}/slack/events`,
    signingSecret: stack.env.SLACK_SIGNING_SECRET as string,
    policy: { ssmUrl: stack.ssm.url, name: String(stack.env.BUCKET_KEY_POLICY_PARAM) },
    port: Number(process.env.PORT ?? 3000),
  });
  header.unshift(`Open ${playground.url} to use bucket-key as four people of a demo workspace.`);
  return {
    deps: bot.deps,
    stops: [playground.stop, bot.stop],
    lines: [`  bot          ${bot.url}/slack/events`, `  Slack        ${stack.slack.url} (stand-in)`],
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
