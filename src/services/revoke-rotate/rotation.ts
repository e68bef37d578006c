import type { AccessRequest } from '../../domain/access-request.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { StateConflictError } from '../../domain/errors.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/**
 * The successor of a rotation was issued: the old key moves ISSUED → RETIRING (one conditional
 * write), to be deleted by the sweeper once the application has moved, or when the grace is over.
 */
export async function beginRetirement(deps: ServiceDependencies, successor: AccessRequest): Promise<void> {
  const rotates = successor.rotates;
  const newKeyId = successor.accessKeyId;
  if (!rotates || !newKeyId) return;
  const now = deps.clock.now();
  const grace = deps.policy.lifecycleFor(successor.bucket).rotationGraceMs;
  const retireBy = new Date(now.getTime() + grace).toISOString();
  let old: AccessRequest;
  try {
    const current = await deps.requests.get(rotates.requestId);
    // A key that expires before its grace ends is deleted when it expires.
    const dueAt = current?.keyExpiresAt && current.keyExpiresAt < retireBy ? current.keyExpiresAt : retireBy;
    old = await deps.requests.startRetiring(rotates.requestId, rotates.accessKeyId, {
      replacedBy: newKeyId,
      retireBy,
      dueAt,
    });
  } catch (error) {
    // Revoked or expired meanwhile: nothing is left to retire.
    if (!(error instanceof StateConflictError)) throw error;
    deps.logger.info('rotated key no longer issued; nothing to retire', {
      requestId: rotates.requestId,
      error: describeError(error),
    });
    return;
  }
  await record(deps, {
    type: 'key_rotated',
    outcome: 'ok',
    actorId: successor.requesterId,
    // The event is about the old key's request; the holder and bucket are the same.
    ...aboutRequest(old),
    accessKeyId: rotates.accessKeyId,
    detail: `replaced by ${newKeyId} (${successor.requestId}); deleted by ${retireBy} at the latest`,
  });
  await deps.notifier.rotationStarted(old, newKeyId, retireBy);
}

/** Deletes a RETIRING key and records it REVOKED: the last step of a rotation. */
export async function retireOldKey(
  deps: ServiceDependencies,
  request: AccessRequest,
  why: string,
): Promise<boolean> {
  const accessKeyId = request.accessKeyId;
  if (!accessKeyId) return false;
  try {
    await deps.keys.deleteKey(request.bucket, request.region, accessKeyId);
  } catch (error) {
    deps.logger.error('could not delete a rotated-out key', {
      requestId: request.requestId,
      error: describeError(error),
    });
    return false;
  }
  const at = deps.clock.now().toISOString();
  try {
    await deps.requests.revoke(request.requestId, accessKeyId, { userId: SYSTEM_ACTOR, at });
  } catch (error) {
    if (error instanceof StateConflictError) return false;
    throw error;
  }
  await record(deps, {
    type: 'old_key_retired',
    outcome: 'ok',
    actorId: SYSTEM_ACTOR,
    ...aboutRequest(request),
    accessKeyId,
    detail: why,
  });
  return true;
}
