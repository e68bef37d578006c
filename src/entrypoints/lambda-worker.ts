import { createLogger } from '../adapters/logging/powertools-logger.js';
import { withSecretsFromSsm } from '../adapters/secrets/ssm-secrets.js';
import { loadConfig } from '../config.js';
import { parseJob } from '../ports/job-schema.js';
import { runJob } from '../services/run-job.js';
import { buildDependencies } from './build-dependencies.js';
import { cachedInit } from './cached-init.js';

/**
 * The `worker` function: runs one job handed over by `http` (an async Invoke). Async retries
 * are off in serverless.yml, and every job is idempotent through the request's conditional
 * state transitions anyway. It never holds the signing secret.
 */
const ready = cachedInit(async () => {
  const env = await withSecretsFromSsm(process.env, ['SLACK_BOT_TOKEN']);
  const config = loadConfig(env, 'worker');
  const logger = createLogger(config.logLevel);
  return { deps: await buildDependencies(config, logger), logger };
});

export async function handler(event: unknown, _context: unknown): Promise<void> {
  const { deps, logger } = await ready();
  const job = parseJob(event);
  if (!job) {
    logger.error('worker received something that is not a job; ignored');
    return;
  }
  await runJob(deps, job);
}
