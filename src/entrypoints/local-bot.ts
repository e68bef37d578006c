import { InProcessJobQueue } from '../adapters/jobs/in-process-job-queue.js';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { ServiceDependencies } from '../services/dependencies.js';
import { describeError } from '../services/failures.js';
import { refreshBucketCatalog } from '../services/issue/refresh-bucket-catalog.js';
import { logApproverGroups } from '../services/request/approvers.js';
import { acceptSignedJob } from '../worker/accept-signed-job.js';
import { runJob } from '../worker/run-job.js';
import { startUnderPolicy } from '../worker/with-policy-in-force.js';
import { buildDependencies } from './build-dependencies.js';

export interface LocalBot {
  logger: Logger;
  deps: ServiceDependencies;
  /** The worker, in this process: what Lambda's async Invoke of `worker` does in production. */
  jobs: InProcessJobQueue;
}

/**
 * The dependencies and the in-process worker shared by `npm run serve` and Socket Mode. With a signing
 * secret (serve), the worker here is the Lambda worker's front door: it verifies each signed request and
 * derives the job from it. Socket Mode has no signature; its jobs never leave this process.
 */
export async function buildLocalBot(
  config: Config,
  options: { logger?: Logger; clock?: Clock; metrics?: Metrics; signingSecret?: string } = {},
): Promise<LocalBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const deps = await buildDependencies(config, logger, options.clock, options.metrics);
  const atStart = await startUnderPolicy(deps);
  await logApproverGroups(atStart);
  // The request modal's picker reads the catalog; locally it is there from the start.
  await refreshBucketCatalog(atStart);
  const signingSecret = options.signingSecret;
  const jobs = new InProcessJobQueue(
    // Each job flushes its metrics, as each worker invocation does on Lambda.
    (job, signed) =>
      (signingSecret
        ? acceptSignedJob(deps, { slackRequest: signed }, { signingSecret, nowMs: Date.now() })
        : runJob(deps, job)
      ).finally(() => deps.metrics.flush()),
    (error, job) => logger.error('job crashed', { kind: job.kind, error: describeError(error) }),
  );
  return { logger, deps, jobs };
}
