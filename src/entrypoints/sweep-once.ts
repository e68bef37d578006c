import { pathToFileURL } from 'node:url';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import { loadConfig } from '../config.js';
import { ConfigError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import { meteredSweep } from '../services/sweep/metered-sweep.js';
import type { SweepReport } from '../services/sweep/sweep.js';
import { sweepInForce } from '../worker/with-policy-in-force.js';
import { buildDependencies } from './build-dependencies.js';

/**
 * `npm run sweep`: one sweep, configured by the same environment as `npm run serve`, for self-hosters
 * who run `serve` in a container and sweep from cron. Every action is a conditional write, so two
 * sweeps that overlap (a slow run and the next cron tick) act once.
 */
export async function sweepOnce(
  env: Record<string, string | undefined>,
  options: { logger?: Logger; clock?: Clock; metrics?: Metrics } = {},
): Promise<SweepReport> {
  // The sweeper's role needs only the bot token of serve's variables; the rest is read the same way.
  const config = loadConfig(env, 'sweeper');
  const logger = options.logger ?? createLogger(config.logLevel);
  const deps = await buildDependencies(config, logger, options.clock, options.metrics);
  try {
    const report = await sweepInForce(deps, meteredSweep);
    // Cron should hear of it: a sweep without a valid policy decides nothing and exits non-zero.
    if ('skipped' in report)
      throw new Error(`no valid policy in force (${report.reason}); reference ${report.ref} in the logs`);
    return report;
  } finally {
    deps.metrics.flush();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  sweepOnce(process.env).then(
    (report) => {
      console.log(JSON.stringify({ sweep: 'done', ...report }));
    },
    (error: unknown) => {
      // The reason only: a cron mail or container log says what to fix, without a stack trace.
      const cause = (error as { cause?: unknown }).cause;
      console.error(`sweep failed: ${(error as Error).message ?? String(error)}`);
      if (!(error instanceof ConfigError) && cause instanceof Error)
        console.error(`  cause: ${cause.name}: ${cause.message}`);
      process.exitCode = 1;
    },
  );
}
