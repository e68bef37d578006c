import { createLogger } from '../adapters/logging/powertools-logger.js';
import { loadConfig, signingSecretOf } from '../config.js';
import { logApproverGroups } from '../services/request/approvers.js';
import { acceptSignedJob } from '../worker/accept-signed-job.js';
import { startUnderPolicy } from '../worker/with-policy-in-force.js';
import { buildDependencies } from './build-dependencies.js';
import { initPerSecrets } from './init-per-secrets.js';

/**
 * The `worker` function: runs the work of one Slack request handed over by `http` (an async Invoke).
 * Any principal with lambda:InvokeFunction can call it, so it trusts nothing but Slack's signature:
 * it verifies the signed request and derives who asked for what from it alone. Async retries are off
 * in serverless.yml, and every job is idempotent through conditional state transitions anyway.
 */
const ready = initPerSecrets(['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'], async (env) => {
  const config = loadConfig(env, 'worker');
  const deps = await buildDependencies(config, createLogger(config.logLevel));
  return { deps, signingSecret: signingSecretOf(config), groupsLogged: false };
});

export async function handler(event: unknown, _context: unknown): Promise<void> {
  const built = await ready();
  const { deps, signingSecret } = built;
  try {
    await acceptSignedJob(deps, event, { signingSecret, nowMs: Date.now() });
  } finally {
    // Once per container, after its first job: each approver group is a Slack call, and the
    // approvers' card of a cold start's `create` need not wait for a log line.
    if (!built.groupsLogged) {
      built.groupsLogged = true;
      await logApproverGroups(await startUnderPolicy(deps));
    }
    // EMF lines are written at the end of each invocation, failed ones included.
    deps.metrics.flush();
  }
}
