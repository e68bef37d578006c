import { createLogger } from '../adapters/logging/powertools-logger.js';
import { loadConfig } from '../config.js';
import { logApproverGroups } from '../services/request/approvers.js';
import { meteredSweep } from '../services/sweep/metered-sweep.js';
import type { SweepReport } from '../services/sweep/sweep.js';
import { type SkippedSweep, startUnderPolicy, sweepInForce } from '../worker/with-policy-in-force.js';
import { buildDependencies } from './build-dependencies.js';
import { initPerSecrets } from './init-per-secrets.js';

/** The `sweeper` function, on a schedule: expiries, repairs and unknown-key reports. Not a job: nothing to verify. */
const ready = initPerSecrets(['SLACK_BOT_TOKEN'], async (env) => {
  const config = loadConfig(env, 'sweeper');
  const deps = await buildDependencies(config, createLogger(config.logLevel));
  await logApproverGroups(await startUnderPolicy(deps));
  return deps;
});

/** Each sweep under the policy in force now (re-read at most every POLICY_CACHE_SECONDS). */
export async function handler(_event: unknown, _context: unknown): Promise<SweepReport | SkippedSweep> {
  const deps = await ready();
  try {
    return await sweepInForce(deps, meteredSweep);
  } finally {
    deps.metrics.flush();
  }
}
