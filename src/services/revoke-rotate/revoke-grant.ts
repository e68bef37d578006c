import type { AccessRequest } from '../../domain/access-request.js';
import { KeyIssuerError, RequestConflictError } from '../../domain/errors.js';
import { type Grant, grantFromLegacyRequest, grantIdOf } from '../../domain/grant.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { refreshBucketCount } from '../issue/refresh-bucket-catalog.js';

/** What revoking a grant did: the keys Lightsail confirmed deleted, and those that survive. */
export interface GrantRevocation {
  grant: Grant;
  /** Keys deleted now (and their requests REVOKED). */
  deleted: string[];
  /** Keys still alive because Lightsail refused or failed to delete them; a later revoke retries. */
  surviving: Array<{ accessKeyId: string; requestId: string; error: string }>;
  /** Requests of the grant ended before a key was delivered (an approval or a claim under way). */
  ended: string[];
}

/** A request whose record keeps changing under us (an issue racing the revoke) is read again this often. */
const MAX_PASSES = 4;

/**
 * Revokes a grant and every key it covers: ISSUED and RETIRING keys are deleted, and a rotation
 * approved or being issued under it is ended, so its issuer deletes the key it makes. The grant is
 * marked REVOKED first, so no rotation can join it afterwards. Safe to run again: a revoke that left
 * keys alive (a Lightsail failure, a dead worker) is finished by the next one, or by the sweeper.
 */
export async function revokeGrant(
  deps: ServiceDependencies,
  grantId: string,
  by: { userId: string; why: string },
): Promise<GrantRevocation> {
  const at = deps.clock.now().toISOString();
  const grant = await deps.grants.revoke(grantId, { userId: by.userId, at });
  const revocation: GrantRevocation = { grant, deleted: [], surviving: [], ended: [] };
  for (const requestId of grant.requestIds) {
    const outcome = await endRequest(deps, requestId, { userId: by.userId, at });
    if (outcome.kind === 'deleted') revocation.deleted.push(outcome.accessKeyId);
    if (outcome.kind === 'ended') revocation.ended.push(requestId);
    if (outcome.kind === 'surviving') revocation.surviving.push({ requestId, ...outcome.failure });
  }
  if (revocation.surviving.length === 0) await deps.grants.finishRevocation(grantId);
  await recordRevocation(deps, revocation, by);
  if (revocation.deleted.length > 0) await refreshBucketCount(deps, grant.bucket, grant.region);
  return revocation;
}

type Ending =
  | { kind: 'deleted'; accessKeyId: string }
  | { kind: 'ended' }
  | { kind: 'surviving'; failure: { accessKeyId: string; error: string } }
  | { kind: 'none' };

/** Ends one request of a revoked grant, whatever state a concurrent issue has moved it to. */
async function endRequest(
  deps: ServiceDependencies,
  requestId: string,
  by: { userId: string; at: string },
): Promise<Ending> {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const request = await deps.requests.get(requestId);
    if (!request) return { kind: 'none' };
    try {
      return await endInState(deps, request, by);
    } catch (error) {
      // The issuer moved it on (claimed, recorded its key, delivered): look again.
      if (!(error instanceof RequestConflictError)) throw error;
    }
  }
  const request = await deps.requests.get(requestId);
  const open = request && ['APPROVED', 'ISSUING', 'ISSUED', 'RETIRING'].includes(request.state);
  return open
    ? {
        kind: 'surviving',
        failure: { accessKeyId: request.accessKeyId ?? NOT_YET_MADE, error: 'KeptChanging' },
      }
    : { kind: 'none' };
}

/** How a key is named that a create under way may still make: it has no id yet. */
const NOT_YET_MADE = 'a key still being made';
/** Until the issuer or the sweeper has deleted what that create made, the revoke is not finished. */
const being = (request: AccessRequest): Ending => ({
  kind: 'surviving',
  failure: { accessKeyId: NOT_YET_MADE, error: `IssueInProgress (${request.requestId})` },
});

async function endInState(
  deps: ServiceDependencies,
  request: AccessRequest,
  by: { userId: string; at: string },
): Promise<Ending> {
  const { state, accessKeyId } = request;
  if (state === 'REVOKED' && request.dueAt) return being(request);
  if (state === 'APPROVED') {
    await deps.requests.revokeUndelivered(request.requestId, request, by);
    return { kind: 'ended' };
  }
  if (state !== 'ISSUED' && state !== 'RETIRING' && state !== 'ISSUING') return { kind: 'none' };
  if (accessKeyId) {
    try {
      await deps.keys.deleteKey(request.bucket, request.region, accessKeyId);
    } catch (error) {
      const name = error instanceof KeyIssuerError ? error.awsName : String(describeError(error).name);
      deps.logger.error('could not delete a key of a revoked grant', {
        requestId: request.requestId,
        error: describeError(error),
      });
      return { kind: 'surviving', failure: { accessKeyId, error: name } };
    }
  }
  if (state === 'ISSUING') {
    const ended = await deps.requests.revokeUndelivered(request.requestId, request, by);
    // Without a key id its create may still be making one: its issuer, or the sweeper, deletes it.
    return accessKeyId ? { kind: 'deleted', accessKeyId } : being(ended);
  }
  await deps.requests.revoke(request.requestId, accessKeyId as string, by);
  return { kind: 'deleted', accessKeyId: accessKeyId as string };
}

async function recordRevocation(
  deps: ServiceDependencies,
  revocation: GrantRevocation,
  by: { userId: string; why: string },
): Promise<void> {
  const { grant, deleted, surviving } = revocation;
  const parts = [
    by.why,
    `deleted: ${deleted.join(', ') || 'none'}`,
    ...(surviving.length
      ? [`still alive: ${surviving.map((s) => `${s.accessKeyId} (${s.error})`).join(', ')}`]
      : []),
  ];
  await record(deps, {
    type: 'grant_revoked',
    outcome: surviving.length ? 'failed' : 'ok',
    actorId: by.userId,
    ...aboutRequest({ ...grant, requesterId: grant.holderId, requestId: grant.grantId }),
    ...(deleted.length === 1 ? { accessKeyId: deleted[0] } : {}),
    detail: parts.join('; '),
  });
}

/**
 * The grant a request's key is under. A key issued before grants existed gets one now, rebuilt from
 * its request and the rotations that followed it, so it is revoked and rotated like any other.
 */
export async function grantOf(deps: ServiceDependencies, request: AccessRequest): Promise<Grant> {
  const stored = await deps.grants.get(grantIdOf(request));
  if (stored) return stored;
  const root = await legacyRoot(deps, request);
  const rooted = root === request ? undefined : await deps.grants.get(root.requestId);
  if (rooted) return rooted;
  const grant = grantFromLegacyRequest(root);
  grant.requestIds = await legacyLineage(deps, root);
  return deps.grants.open(grant);
}

/**
 * The request a legacy rotation descends from: its grant is that one's (a break-glass rotated before
 * grants existed stays a break-glass, with the break-glass's expiry).
 */
async function legacyRoot(deps: ServiceDependencies, request: AccessRequest): Promise<AccessRequest> {
  let current = request;
  for (let hop = 0; hop < 20 && !current.grantId && current.rotates; hop++) {
    const previous = await deps.requests.get(current.rotates.requestId);
    if (!previous) break;
    current = previous;
  }
  return current;
}

/** A legacy request and the rotations that replaced its key, one after another. */
async function legacyLineage(deps: ServiceDependencies, first: AccessRequest): Promise<string[]> {
  const lineage = [first.requestId];
  let current = first;
  for (let hop = 0; hop < 20 && current.replacedBy; hop++) {
    const records = await deps.requests.recordsOfKeys(current.bucket, [current.replacedBy]);
    const next = records.find((r) => r.rotates?.requestId === current.requestId);
    if (!next || lineage.includes(next.requestId)) break;
    lineage.push(next.requestId);
    current = next;
  }
  return lineage;
}
