import { createLogger } from '../adapters/logging/powertools-logger.js';
import { loadConfig } from '../config.js';
import { logApproverGroups } from '../services/request/approvers.js';
import { meteredSweep } from '../services/sweep/metered-sweep.js';
import type { SweepReport } from '../services/sweep/sweep.js';
import { buildDependencies } from './build-dependencies.js';
import { initPerSecrets } from './init-per-secrets.js';

/** The `sweeper` function, on a schedule: expiries, repairs and unknown-key reports. Not a job: nothing to verify. */
const ready = initPerSecrets(['SLACK_BOT_TOKEN'], async (env) => {
  const config = loadConfig(env, 'sweeper');
  const deps = await buildDependencies(config, createLogger(config.logLevel));
  await logApproverGroups(deps);
  return deps;
});

export async function handler(_event: unknown, _context: unknown): Promise<SweepReport> {
  const deps = await ready();
  try {
    return await meteredSweep(deps);
  } finally {
    deps.metrics.flush();
  }
}
