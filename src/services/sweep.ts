import type { AccessRequest } from '../domain/access-request.js';
import { SYSTEM_ACTOR } from '../domain/audit-event.js';
import { StateConflictError } from '../domain/errors.js';
import { expiredDm } from '../slack/messages/requester-replies.js';
import { yourKeyExpired } from '../slack/messages/revoke-messages.js';
import { unknownKeysFound } from '../slack/messages/sweeper-messages.js';
import { showOutcomeToApprovers } from './decide-request.js';
import type { ServiceDependencies } from './dependencies.js';
import { deleteKeys, orphansOfClaim, reportRepair } from './repair-claim.js';
import { describeError, record, reply } from './support.js';

const BATCH = 100;

export interface SweepReport {
  expiredRequests: number;
  expiredApprovals: number;
  repairedIssuing: number;
  expiredKeys: number;
  unknownKeys: number;
}

/**
 * The lifecycle sweeper. Every action is a conditional transition taken from what is due,
 * so two sweeps at once (or a sweep racing a user) act once: the loser's write fails and it moves on.
 */
export async function sweep(deps: ServiceDependencies): Promise<SweepReport> {
  const report: SweepReport = {
    expiredRequests: 0,
    expiredApprovals: 0,
    repairedIssuing: 0,
    expiredKeys: 0,
    unknownKeys: 0,
  };
  const now = deps.clock.now().toISOString();
  for (const request of await deps.requests.listDue('PENDING', now, BATCH)) {
    if (await expire(deps, request, now)) report.expiredRequests++;
  }
  for (const request of await deps.requests.listDue('APPROVED', now, BATCH)) {
    if (await expire(deps, request, now)) report.expiredApprovals++;
  }
  for (const request of await deps.requests.listDue('ISSUING', now, BATCH)) {
    if (await repairIssuing(deps, request)) report.repairedIssuing++;
  }
  for (const request of await deps.requests.listDue('ISSUED', now, BATCH)) {
    if (await expireKey(deps, request, now)) report.expiredKeys++;
  }
  report.unknownKeys = await reportUnknownKeys(deps, now);
  deps.logger.info('sweep finished', { ...report });
  return report;
}

async function won(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (error instanceof StateConflictError) return false;
    throw error;
  }
}

function eventBase(request: AccessRequest) {
  return {
    outcome: 'ok' as const,
    actorId: SYSTEM_ACTOR,
    subjectUserId: request.requesterId,
    bucket: request.bucket,
    region: request.region,
    requestId: request.requestId,
  };
}

async function expire(deps: ServiceDependencies, request: AccessRequest, now: string): Promise<boolean> {
  if (!(await won(() => deps.requests.expire(request.requestId, request.state, now)))) return false;
  const pending = request.state === 'PENDING';
  await record(deps, { type: pending ? 'request_expired' : 'approval_expired', ...eventBase(request) });
  if (pending) await showOutcomeToApprovers(deps, { ...request, state: 'EXPIRED' });
  await reply(deps, { userId: request.requesterId }, expiredDm(request));
  return true;
}

/**
 * A claim that outlived ISSUING_TIMEOUT: its worker is gone (or Lightsail never answered its create).
 * Delete the key it recorded, or else the keys its create may have made (see orphansOfClaim); then
 * give the approval back and tell the approvers what was deleted.
 */
async function repairIssuing(deps: ServiceDependencies, request: AccessRequest): Promise<boolean> {
  const token = request.claimToken;
  if (!token) return false;
  let deleted: string[];
  try {
    const found = request.accessKeyId
      ? [request.accessKeyId]
      : await orphansOfClaim(deps, request, new Date(request.dueAt ?? request.createdAt));
    if (found === undefined) {
      deps.logger.info('another claim on the bucket is running; repairing on a later sweep', {
        requestId: request.requestId,
      });
      return false;
    }
    deleted = found;
    await deleteKeys(deps, request, deleted);
  } catch (error) {
    deps.logger.error('could not clean up an interrupted issue', {
      requestId: request.requestId,
      error: describeError(error),
    });
    return false;
  }
  if (!(await won(() => deps.requests.releaseClaim(request.requestId, token)))) return false;
  await reportRepair(deps, request, deleted, request.accessKeyId ? 'interrupted_issue' : 'timed_out_create');
  return true;
}

async function expireKey(deps: ServiceDependencies, request: AccessRequest, now: string): Promise<boolean> {
  const accessKeyId = request.accessKeyId;
  if (!accessKeyId) return false;
  try {
    await deps.keys.deleteKey(request.bucket, request.region, accessKeyId);
  } catch (error) {
    deps.logger.error('could not delete an expired key', {
      requestId: request.requestId,
      error: describeError(error),
    });
    return false;
  }
  if (
    !(await won(() =>
      deps.requests.revoke(request.requestId, accessKeyId, { userId: SYSTEM_ACTOR, at: now }),
    ))
  ) {
    return false;
  }
  await record(deps, { type: 'key_expired_deleted', ...eventBase(request), accessKeyId });
  await reply(deps, { userId: request.requesterId }, yourKeyExpired(request.bucket, accessKeyId));
  return true;
}

/** Keys on managed buckets that no request of ours accounts for: reported once each. */
async function reportUnknownKeys(deps: ServiceDependencies, now: string): Promise<number> {
  const found: Array<{ bucket: string; accessKeyId: string }> = [];
  for (const { bucket, region } of await managedBuckets(deps)) {
    try {
      const keys = await deps.keys.listKeys(bucket, region);
      const records = await deps.requests.recordsOfKeys(
        bucket,
        keys.map((key) => key.accessKeyId),
      );
      const known = new Set(
        records.filter((r) => r.state === 'ISSUED' || r.state === 'ISSUING').map((r) => r.accessKeyId),
      );
      for (const key of keys) {
        if (known.has(key.accessKeyId)) continue;
        if (!(await deps.requests.markUnknownKeySeen(bucket, key.accessKeyId, now))) continue;
        found.push({ bucket, accessKeyId: key.accessKeyId });
        await record(deps, {
          type: 'unknown_key_found',
          outcome: 'ok',
          actorId: SYSTEM_ACTOR,
          bucket,
          region,
          accessKeyId: key.accessKeyId,
          detail: `created ${key.createdAt.toISOString()}`,
        });
      }
    } catch (error) {
      deps.logger.warn('could not check a bucket for unknown keys', { bucket, error: describeError(error) });
    }
  }
  if (found.length > 0) {
    await deps.messenger
      .post(deps.settings.approvalChannelId, unknownKeysFound(found))
      .catch((error: unknown) => {
        deps.logger.warn('could not report unknown keys', { error: describeError(error) });
      });
  }
  return found.length;
}

/** The buckets the policy file names; without a policy, every bucket in the default region. */
async function managedBuckets(deps: ServiceDependencies): Promise<Array<{ bucket: string; region: string }>> {
  const listed = deps.policy.listedBuckets();
  if (listed.length > 0) return listed;
  const region = deps.settings.defaultRegion;
  return (await deps.keys.listBuckets(region)).map((bucket) => ({ bucket, region }));
}
