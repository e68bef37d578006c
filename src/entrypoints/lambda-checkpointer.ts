import * as z from 'zod/mini';
import { DynamoAuditLog } from '../adapters/dynamodb/dynamo-audit-log.js';
import { createLogger } from '../adapters/logging/powertools-logger.js';
import { EmfMetrics } from '../adapters/metrics/emf-metrics.js';
import { loadConfig } from '../config.js';
import { ConfigError } from '../domain/errors.js';
import { SLACK_USER_ID } from '../domain/patterns.js';
import type { CheckpointRequest, CheckpointResult } from '../ports/audit-checkpoints.js';
import { systemClock } from '../ports/clock.js';
import { MeteredAuditLog } from '../services/audit/metered-audit-log.js';
import { type CheckpointerDependencies, signCheckpoint } from '../services/audit/sign-checkpoint.js';
import { createDynamoClient } from './build-dependencies.js';
import { buildCheckpointer } from './build-evidence.js';

const requestSchema = z.discriminatedUnion('trigger', [
  z.object({ trigger: z.literal('hourly') }),
  z.object({ trigger: z.enum(['on_demand', 'export']), userId: z.string().check(z.regex(SLACK_USER_ID)) }),
]);

let ready: CheckpointerDependencies | undefined;

function dependencies(): CheckpointerDependencies {
  if (ready) return ready;
  const config = loadConfig(process.env, 'checkpointer');
  const logger = createLogger(config.logLevel);
  const metrics = new EmfMetrics();
  const db = createDynamoClient(config);
  const audit = new MeteredAuditLog(new DynamoAuditLog(db, config.tables.audit, systemClock), metrics);
  const built = buildCheckpointer(config, { db, audit, clock: systemClock, logger, metrics });
  if (!built) throw new ConfigError('AUDIT_CHECKPOINT_BUCKET and AUDIT_SIGNING_KEY_ID are required');
  ready = built;
  return built;
}

/**
 * The `checkpointer` function: the only role that may sign with the checkpoint key, put into the
 * checkpoint bucket and write checkpoint records. Invoked synchronously by the sweeper (hourly) and
 * the worker (`audit checkpoint`, exports); what it is asked is only when to sign, never what.
 */
export async function handler(event: unknown, _context: unknown): Promise<CheckpointResult> {
  const deps = dependencies();
  try {
    const request = requestSchema.safeParse(event);
    if (!request.success) return { kind: 'failed', reason: 'not a checkpoint request' };
    return await signCheckpoint(deps, request.data as CheckpointRequest);
  } finally {
    deps.metrics.flush();
  }
}
