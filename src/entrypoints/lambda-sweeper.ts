import { createLogger } from '../adapters/logging/powertools-logger.js';
import { withSecretsFromSsm } from '../adapters/secrets/ssm-secrets.js';
import { loadConfig } from '../config.js';
import { type SweepReport, sweep } from '../services/sweep.js';
import { buildDependencies } from './build-dependencies.js';
import { cachedInit } from './cached-init.js';

/** The `sweeper` function, on a schedule: expiries, repairs and unknown-key reports. */
const ready = cachedInit(async () => {
  const env = await withSecretsFromSsm(process.env, ['SLACK_BOT_TOKEN']);
  const config = loadConfig(env, 'worker');
  return buildDependencies(config, createLogger(config.logLevel));
});

export async function handler(_event: unknown, _context: unknown): Promise<SweepReport> {
  return sweep(await ready());
}
