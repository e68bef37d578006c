import { InProcessJobQueue } from '../adapters/jobs/in-process-job-queue.js';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { runJob } from '../services/run-job.js';
import { describeError } from '../services/support.js';
import { buildDependencies } from './build-dependencies.js';

export interface LocalBot {
  logger: Logger;
  deps: ServiceDependencies;
  /** The worker, in this process: what Lambda's async Invoke of `worker` does in production. */
  jobs: InProcessJobQueue;
}

/** The dependencies and the in-process worker shared by `npm run serve` and Socket Mode. */
export async function buildLocalBot(
  config: Config,
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<LocalBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const deps = await buildDependencies(config, logger, options.clock);
  const jobs = new InProcessJobQueue(
    (job) => runJob(deps, job),
    (error, job) => logger.error('job crashed', { kind: job.kind, error: describeError(error) }),
  );
  return { logger, deps, jobs };
}
