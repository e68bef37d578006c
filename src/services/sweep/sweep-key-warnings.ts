import type { AccessRequest } from '../../domain/access-request.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';
import { managedBuckets } from './managed-buckets.js';

const BATCH = 100;

/**
 * Warns each holder once, KEY_EXPIRY_WARNING (per bucket `expiryWarning`) before their key expires;
 * never earlier than half-way through the key's life. The warning is marked sent by one conditional
 * write before it goes out, so concurrent sweeps send it once.
 */
export async function warnExpiringKeys(deps: ServiceDependencies, now: string): Promise<number> {
  const nowMs = Date.parse(now);
  const horizon = new Date(nowMs + deps.policy.longestExpiryWarningMs()).toISOString();
  let warned = 0;
  for (const request of await deps.requests.listDue('ISSUED', horizon, BATCH)) {
    const { keyExpiresAt, accessKeyId } = request;
    if (!keyExpiresAt || !accessKeyId || request.expiryWarnedAt || keyExpiresAt <= now) continue;
    const lead = leadTime(deps, request.bucket, Date.parse(keyExpiresAt) - issuedMs(request));
    if (Date.parse(keyExpiresAt) - lead > nowMs) continue;
    if (!(await wroteFirst(() => deps.requests.markExpiryWarned(request.requestId, accessKeyId, now))))
      continue;
    const send = () => deps.notifier.keyExpiryWarning(request);
    await warn(deps, request, send, 'key_expiry_warned', `expires ${keyExpiresAt}`);
    warned++;
  }
  return warned;
}

/**
 * With KEY_IDLE_MAX (per bucket `idleMax`): a key unused that long (since its last use, or its issue
 * if never used) is deleted; its holder is warned first, as before expiry, and the key lives at least
 * the warning's lead time after the warning. A use after the warning starts the count again.
 */
export async function retireIdleKeys(
  deps: ServiceDependencies,
  now: string,
): Promise<{ idleWarnings: number; idleKeysDeleted: number }> {
  const counts = { idleWarnings: 0, idleKeysDeleted: 0 };
  for (const { bucket, region } of await managedBuckets(deps)) {
    const idleMaxMs = deps.policy.lifecycleFor(bucket).idleMaxMs;
    if (idleMaxMs === undefined) continue;
    let keys: BucketKey[];
    let records: AccessRequest[];
    try {
      keys = await deps.keys.listKeys(bucket, region);
      records = await deps.requests.recordsOfKeys(
        bucket,
        keys.map((key) => key.accessKeyId),
      );
    } catch (error) {
      deps.logger.warn('could not check a bucket for idle keys', { bucket, error: describeError(error) });
      continue;
    }
    for (const request of records) {
      const key = keys.find((k) => k.accessKeyId === request.accessKeyId);
      if (request.state !== 'ISSUED' || !key) continue;
      const outcome = await checkIdle(deps, request, key, idleMaxMs, now);
      if (outcome === 'warned') counts.idleWarnings++;
      if (outcome === 'deleted') counts.idleKeysDeleted++;
    }
  }
  return counts;
}

async function checkIdle(
  deps: ServiceDependencies,
  request: AccessRequest,
  key: BucketKey,
  idleMaxMs: number,
  now: string,
): Promise<'warned' | 'deleted' | undefined> {
  const accessKeyId = key.accessKeyId;
  const nowMs = Date.parse(now);
  // Our clock for the issue (as for expiry); Lightsail's for the last use.
  const idleSinceMs = key.lastUsedAt ? key.lastUsedAt.getTime() : issuedMs(request);
  const idleSince = new Date(idleSinceMs).toISOString();
  const lead = leadTime(deps, request.bucket, idleMaxMs);
  const warnedThisSpell = request.idleWarnedAt !== undefined && request.idleWarnedAt >= idleSince;
  if (!warnedThisSpell) {
    if (nowMs < idleSinceMs + idleMaxMs - lead) return undefined;
    if (
      !(await wroteFirst(() => deps.requests.markIdleWarned(request.requestId, accessKeyId, now, idleSince)))
    )
      return undefined;
    const deleteAt = new Date(Math.max(idleSinceMs + idleMaxMs, nowMs + lead)).toISOString();
    const send = () => deps.notifier.keyIdleWarning(request, { since: idleSince, deleteAt });
    await warn(deps, request, send, 'key_idle_warned', `idle since ${idleSince}`);
    return 'warned';
  }
  const deleteAtMs = Math.max(idleSinceMs + idleMaxMs, Date.parse(request.idleWarnedAt ?? now) + lead);
  if (nowMs < deleteAtMs) return undefined;
  try {
    await deps.keys.deleteKey(request.bucket, request.region, accessKeyId);
  } catch (error) {
    deps.logger.error('could not delete an idle key', {
      requestId: request.requestId,
      error: describeError(error),
    });
    return undefined;
  }
  if (
    !(await wroteFirst(() =>
      deps.requests.revoke(request.requestId, accessKeyId, { userId: SYSTEM_ACTOR, at: now }),
    ))
  )
    return undefined;
  const send = () => deps.notifier.idleKeyDeleted(request, idleMaxMs);
  await warn(deps, request, send, 'key_idle_deleted', `idle since ${idleSince}`);
  return 'deleted';
}

/** How long before the deadline the holder hears of it: the configured lead, at most half the span. */
function leadTime(deps: ServiceDependencies, bucket: string, spanMs: number): number {
  return Math.min(deps.policy.lifecycleFor(bucket).expiryWarningMs, Math.max(0, spanMs / 2));
}

function issuedMs(request: AccessRequest): number {
  return Date.parse(request.issuedAt ?? request.createdAt);
}

async function warn(
  deps: ServiceDependencies,
  request: AccessRequest,
  send: () => Promise<void>,
  type: 'key_expiry_warned' | 'key_idle_warned' | 'key_idle_deleted',
  detail: string,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    // Marked sent before it went out: sent at most once, and a failure is loud in the log.
    deps.logger.error('could not send a key lifecycle DM', {
      requestId: request.requestId,
      type,
      error: describeError(error),
    });
  }
  await record(deps, {
    type,
    outcome: 'ok',
    actorId: SYSTEM_ACTOR,
    ...aboutRequest(request),
    ...(request.accessKeyId ? { accessKeyId: request.accessKeyId } : {}),
    detail,
  });
}
