import { randomUUID } from 'node:crypto';
import { type AccessRequest, isUsableApproval } from '../../domain/access-request.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { KeyIssuerError, RequestConflictError, StateConflictError } from '../../domain/errors.js';
import { type Grant, grantFromApproval, grantIdOf, isFirstOfGrant, isLiveGrant } from '../../domain/grant.js';
import { type BucketRules, keyMaxAgeOf } from '../../domain/policy.js';
import { type BucketKey, MAX_KEYS_PER_BUCKET, type NewBucketKey } from '../../ports/key-issuer.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import { announceBreakGlass } from '../break-glass/announce-break-glass.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { beginRetirement } from '../revoke-rotate/rotation.js';
import type { IssueOutcome } from './issue-outcome.js';
import {
  type IssueJob,
  type KeyListing,
  listKeysOf,
  recordIssueFailure,
  releaseQuietly,
} from './issue-support.js';
import { refreshBucketCount } from './refresh-bucket-catalog.js';
import { settleFailedCreate } from './repair-claim.js';

export type { IssueOutcome } from './issue-outcome.js';

type Answer = IssueOutcome;
type Claim = { claimed: AccessRequest; token: string };

/**
 * Turns a valid approval into a key whose secret reaches the requester's DM, ephemerally, once.
 * APPROVED → ISSUING (claim, with the bucket's keys as they were) → key id recorded → secret
 * delivered → ISSUED. Any failure after the key exists deletes it and returns the approval: no key
 * may exist whose secret nobody received. What follows a delivered key is `afterKeyDelivered`.
 */
export async function issueKey(
  deps: ServiceDependencies,
  job: IssueJob,
  justRead?: AccessRequest,
  /** The bucket's keys, listed alongside that read (of `justRead.bucket` in `listedIn`). */
  listed?: { listing: Promise<KeyListing>; listedIn: string },
): Promise<IssueOutcome> {
  // The claim below is the real check; a record read a moment ago only saves a round trip.
  const request = justRead?.requestId === job.requestId ? justRead : await deps.requests.get(job.requestId);
  if (!request) return { kind: 'unknown_request' };
  if (request.requesterId !== job.userId) {
    await record(deps, {
      type: 'refused_issue',
      outcome: 'refused',
      actorId: job.userId,
      ...aboutRequest(request),
      detail: 'the approval is for someone else',
    });
    return { kind: 'request_not_yours' };
  }

  // The policy in force now decides, not the one that approved: a bucket removed since gets no key.
  const rules = deps.policy.rulesFor(request.bucket);
  if (!rules) {
    const refused = await claimOrAnswer(deps, job, request);
    return 'kind' in refused ? refused : refuseByPolicy(deps, job, refused.claimed, refused.token);
  }
  const listing =
    listed?.listedIn === request.region && justRead === request
      ? listed.listing
      : listKeysOf(deps, request.bucket, request.region);
  const before = await keysOrAnswer(deps, job, request, await listing);
  if (!Array.isArray(before)) return before;
  // Kept with the claim: a repair never deletes a key that was on the bucket when it was listed.
  const claim = await claimOrAnswer(deps, job, request, before);
  if ('kind' in claim) return claim;
  return issueClaimed(deps, job, claim, { rules, before });
}

/** The claim is held: the review filed, the key made, the grant checked, the secret delivered. */
async function issueClaimed(
  deps: ServiceDependencies,
  job: IssueJob,
  { claimed, token }: Claim,
  { rules, before }: { rules: BucketRules; before: readonly BucketKey[] },
): Promise<IssueOutcome> {
  const unfiled = await reviewFiled(deps, job, claimed, token);
  if (unfiled) return unfiled;
  // Slack finds the requester's DM, and the grant is opened (or, for a rotation, checked), while
  // Lightsail makes the key. The grant step never rejects: it answers with what it found.
  deps.notifier.secretComing(claimed.requesterId);
  const granted = grantForClaim(deps, claimed, rules);
  const key = await createKeyOrRelease(deps, job, { claimed, token }, before);
  if ('kind' in key) return key;
  const grant = await granted;
  if (grant.kind !== 'ok') return undoWithoutGrant(deps, job, { claimed, token }, key, grant);
  return deliverOrUndo(deps, job, { claimed, token }, key, grant.grant);
}

/**
 * What follows a delivered key, once the person has their answer: a rotation's old key starts
 * retiring, a first break-glass key is announced, and the bucket's key count is refreshed.
 */
export async function afterKeyDelivered(deps: ServiceDependencies, outcome: { kind: string }): Promise<void> {
  if (outcome.kind !== 'key_delivered') return;
  const { request: issued } = outcome as Extract<IssueOutcome, { kind: 'key_delivered' }>;
  if (issued.rotates) await beginRetirement(deps, issued);
  if (issued.breakGlass && isFirstOfGrant(issued)) await announceBreakGlass(deps, issued);
  await refreshBucketCount(deps, issued.bucket, issued.region);
}

/**
 * A break-glass is filed for review before its key exists, due at once, so that a worker dying at any
 * later point still has it announced by the next sweep. Filing it twice (a retry) is harmless; if it
 * cannot be filed, no key is made (the answer is returned).
 */
async function reviewFiled(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
): Promise<Answer | undefined> {
  if (!request.breakGlass || !isFirstOfGrant(request)) return undefined;
  try {
    await deps.reviews.schedule(request.requestId, request.createdAt).catch((error: unknown) => {
      if (!(error instanceof StateConflictError)) throw error;
    });
    return undefined;
  } catch (error) {
    return failBeforeCreate(deps, job, request, token, error);
  }
}

type GrantCheck = { kind: 'ok'; grant: Grant } | { kind: 'ended' } | { kind: 'failed'; error: unknown };

/**
 * The grant this claim issues under. A first key opens it, fixing when the access ends: the lesser
 * of the bucket's maximum age (break-glass: its own) and the lifetime asked for. A rotation's key
 * needs its grant still live, and itself among the grant's requests.
 */
async function grantForClaim(
  deps: ServiceDependencies,
  request: AccessRequest,
  rules: BucketRules,
): Promise<GrantCheck> {
  try {
    const now = deps.clock.now();
    const grant = isFirstOfGrant(request)
      ? await deps.grants.open(grantFromApproval(request, now, accessLifetimeMs(deps, request, rules)))
      : await deps.grants.get(grantIdOf(request));
    const usable = grant && isLiveGrant(grant, now) && grant.requestIds.includes(request.requestId);
    return usable ? { kind: 'ok', grant } : { kind: 'ended' };
  } catch (error) {
    return { kind: 'failed', error };
  }
}

function accessLifetimeMs(
  deps: ServiceDependencies,
  request: AccessRequest,
  rules: BucketRules,
): number | undefined {
  const lifetimes = [
    keyMaxAgeOf(request, rules, deps.policy.approvalRulesFor(request.bucket)),
    request.requestedLifetimeMs,
  ].filter((ms) => ms !== undefined);
  return lifetimes.length === 0 ? undefined : Math.min(...lifetimes);
}

/**
 * The key exists but its grant does not allow it (revoked or expired while it was made), or could
 * not be read: the key is deleted before anyone sees it. An ended grant ends the request; a failed
 * read gives the approval back. If the delete fails, the claim stays and the sweeper's repair
 * deletes the key (it is not among the keys listed before the create).
 */
async function undoWithoutGrant(
  deps: ServiceDependencies,
  job: IssueJob,
  { claimed: request, token }: Claim,
  key: NewBucketKey,
  check: Exclude<GrantCheck, { kind: 'ok' }>,
): Promise<Answer> {
  try {
    await deps.keys.deleteKey(request.bucket, request.region, key.accessKeyId);
  } catch (error) {
    deps.logger.error('could not delete a key made without a usable grant; the sweeper will', {
      requestId: request.requestId,
      error: describeError(error),
    });
    await recordIssueFailure(deps, job, request, 'GrantUnavailable');
    return { kind: 'create_failed', request, settled: false, retryAfterMs: deps.settings.issuingTimeoutMs };
  }
  if (check.kind === 'failed') return failBeforeCreate(deps, job, request, token, check.error);
  const by = { userId: SYSTEM_ACTOR, at: deps.clock.now().toISOString() };
  await deps.requests
    .revokeUndelivered(request.requestId, { ...request, claimToken: token }, by)
    .catch(ignoreConflict);
  // The key this claim made is deleted: nothing is left for the sweeper to repair.
  await deps.requests.settleRevokedClaim(request.requestId).catch(ignoreConflict);
  await recordIssueFailure(deps, job, request, 'GrantEnded');
  return { kind: 'grant_ended_before_issue', request };
}

/**
 * APPROVED → ISSUING under a fresh token, or the answer to why not. `before` is the bucket's keys as
 * listed for a create that follows; a claim without it sends no create.
 */
async function claimOrAnswer(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  before?: readonly BucketKey[],
): Promise<Claim | Answer> {
  const now = deps.clock.now();
  const token = randomUUID();
  try {
    const claimed = await deps.requests.claim(request.requestId, job.userId, {
      token,
      at: now.toISOString(),
      dueAt: new Date(now.getTime() + deps.settings.issuingTimeoutMs).toISOString(),
      ...(before ? { keysBeforeCreate: before.map((key) => key.accessKeyId) } : {}),
    });
    return { claimed, token };
  } catch (error) {
    if (!(error instanceof RequestConflictError)) throw error;
    return { kind: 'approval_not_usable', request: error.current ?? request };
  }
}

async function refuseByPolicy(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
): Promise<Answer> {
  await releaseQuietly(deps, request, token);
  await record(deps, {
    type: 'key_issue_refused_policy',
    outcome: 'refused',
    actorId: job.userId,
    ...aboutRequest(request),
    detail: 'the policy in force no longer allows this bucket',
  });
  return { kind: 'bucket_no_longer_allowed', request };
}

/**
 * The bucket's keys, listed before the claim so that the claim's one write keeps them. When the
 * listing failed or the bucket is full, nothing has been written: the request is read again first,
 * so that a second click on an approval already used is told that, not that the bucket is full.
 */
async function keysOrAnswer(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  listed: KeyListing,
): Promise<BucketKey[] | Answer> {
  const { bucket, region } = request;
  if ('keys' in listed && listed.keys.length < MAX_KEYS_PER_BUCKET) return listed.keys;
  const current = await deps.requests.get(request.requestId);
  if (!current || !isUsableApproval(current, deps.clock.now()))
    return { kind: 'approval_not_usable', request: current ?? request };
  if ('keys' in listed) {
    await recordIssueFailure(deps, job, current, 'KeyLimitReached');
    return { kind: 'key_limit_reached', bucket, keys: listed.keys };
  }
  await recordIssueFailure(deps, job, current, failureName(listed.error));
  return { kind: 'failed', error: listed.error, where: { bucket, region, action: 'ListBucketAccessKeys' } };
}

async function createKeyOrRelease(
  deps: ServiceDependencies,
  job: IssueJob,
  { claimed: request, token }: Claim,
  before: readonly BucketKey[],
): Promise<NewBucketKey | Answer> {
  const { bucket, region } = request;
  try {
    return await deps.keys.createKey(bucket, region);
  } catch (error) {
    if (error instanceof KeyIssuerError && error.outcome === 'answered_failure') {
      return settleAtOnce(deps, job, request, token, error);
    }
    if (error instanceof KeyIssuerError && error.outcome === 'unknown') {
      // No answer: a key may exist, or appear later (a slow Lightsail may still be working), whose
      // secret nobody saw. The claim stays; after ISSUING_TIMEOUT the sweeper deletes what this
      // claim's create may have made (see orphansOfClaim) and gives the approval back.
      await recordIssueFailure(deps, job, request, `${error.awsName} (outcome unknown)`);
      return { kind: 'create_outcome_unknown', request, retryAfterMs: deps.settings.issuingTimeoutMs };
    }
    // Another key may have been created since we counted: Lightsail's own limit is the judge.
    if (error instanceof KeyIssuerError && error.reason === 'invalid_input') {
      const now = await deps.keys.listKeys(bucket, region).catch(() => [...before]);
      if (now.length >= MAX_KEYS_PER_BUCKET) {
        await releaseQuietly(deps, request, token);
        await recordIssueFailure(deps, job, request, 'KeyLimitReached');
        return { kind: 'key_limit_reached', bucket, keys: now };
      }
    }
    return failBeforeCreate(deps, job, request, token, error);
  }
}

/**
 * Lightsail answered the create but gave no usable key: it has finished, so whatever it made is
 * settled now and the person can try again straight away. If that fails, the sweeper settles it.
 */
async function settleAtOnce(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
  error: KeyIssuerError,
): Promise<Answer> {
  await recordIssueFailure(deps, job, request, error.awsName);
  const settled = await settleFailedCreate(deps, request, token, error.accessKeyId);
  const retryAfterMs = deps.settings.issuingTimeoutMs;
  return { kind: 'create_failed', request, settled: settled !== undefined, retryAfterMs };
}

/** Nothing was created (or nothing can have been): give the approval back and explain. */
async function failBeforeCreate(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
  error: unknown,
): Promise<Answer> {
  await releaseQuietly(deps, request, token);
  await recordIssueFailure(deps, job, request, failureName(error));
  const where = { bucket: request.bucket, region: request.region, action: 'CreateBucketAccessKey' };
  return { kind: 'failed', error, where };
}

async function deliverOrUndo(
  deps: ServiceDependencies,
  job: IssueJob,
  { claimed: request, token }: Claim,
  key: NewBucketKey,
  grant: Grant,
): Promise<Answer> {
  const { bucket, region, requestId } = request;
  // Every key of a grant ends when the grant does: a rotation never renews the access.
  const keyExpiresAt = grant.expiresAt;
  try {
    // Recorded before the secret leaves, so an interrupted run can always find and delete the key.
    await deps.requests.recordKey(requestId, token, key.accessKeyId);
    await deps.notifier.secretReady(request.requesterId, {
      bucket,
      region,
      endpoint: deps.keys.endpointFor(region),
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      ...(keyExpiresAt ? { expiresAt: keyExpiresAt } : {}),
    });
  } catch (error) {
    return undoDelivery(deps, { claimed: request, token }, key.accessKeyId, error);
  }
  let issued: AccessRequest;
  try {
    const at = deps.clock.now().toISOString();
    issued = await deps.requests.markIssued(requestId, token, {
      at,
      ...(keyExpiresAt ? { keyExpiresAt } : {}),
    });
  } catch (error) {
    // Delivered but not recorded as issued: the sweeper will treat the claim as interrupted and
    // delete the key. Failing closed is right for a credential; the person is told now.
    deps.logger.error('key delivered but not recorded; it will be deleted', {
      requestId,
      accessKeyId: key.accessKeyId,
      error: describeError(error),
    });
    await recordIssueFailure(deps, job, request, 'NotRecordedAfterDelivery');
    const retryAfterMs = deps.settings.issuingTimeoutMs;
    return { kind: 'key_not_recorded', request, accessKeyId: key.accessKeyId, retryAfterMs };
  }
  return keyIssued(deps, issued, grant);
}

/** The key is ISSUED: audited. A rotation is the holder's own act within the grant. */
async function keyIssued(deps: ServiceDependencies, issued: AccessRequest, grant: Grant): Promise<Answer> {
  const first = isFirstOfGrant(issued);
  await record(deps, {
    type: 'key_issued',
    outcome: 'ok',
    actorId: issued.requesterId,
    ...aboutRequest(issued),
    ...(issued.accessKeyId ? { accessKeyId: issued.accessKeyId } : {}),
    // Nobody approved a rotation's key anew.
    ...(first && issued.decidedBy ? { approverId: issued.decidedBy } : {}),
    detail: first ? `grant ${grant.grantId}` : `rotation within grant ${grant.grantId}`,
  });
  return { kind: 'key_delivered', request: issued, grant };
}

async function undoDelivery(
  deps: ServiceDependencies,
  { claimed: request, token }: Claim,
  accessKeyId: string,
  cause: unknown,
): Promise<Answer> {
  const { bucket, region, requestId } = request;
  // The grant was revoked while the key was made: the request is over, and the key goes.
  const revoked = cause instanceof RequestConflictError && cause.current?.state === 'REVOKED';
  deps.logger.warn('secret not delivered; deleting the key', {
    requestId,
    accessKeyId,
    error: describeError(cause),
  });
  try {
    await deps.keys.deleteKey(bucket, region, accessKeyId);
    // Revoked meanwhile: the key this claim made is gone, so the sweeper has nothing left to repair.
    if (revoked) await deps.requests.settleRevokedClaim(requestId).catch(ignoreConflict);
    else await deps.requests.releaseClaim(requestId, token);
  } catch (error) {
    // The request stays ISSUING with the key id recorded; the sweeper deletes the key later.
    deps.logger.error('could not undo an undelivered key; the sweeper will', {
      requestId,
      accessKeyId,
      error: describeError(error),
    });
  }
  await record(deps, {
    type: 'delivery_failed_key_deleted',
    outcome: 'failed',
    actorId: request.requesterId,
    ...aboutRequest(request),
    accessKeyId,
    detail: revoked
      ? 'the grant was revoked while the key was made'
      : ((describeError(cause).code as string | undefined) ?? (describeError(cause).name as string)),
  });
  return { kind: 'delivery_failed', request, grantRevoked: revoked };
}

function failureName(error: unknown): string {
  return error instanceof KeyIssuerError ? error.awsName : String(describeError(error).name);
}

/** A conditional write that lost changes nothing here: someone else moved the record on first. */
function ignoreConflict(error: unknown): void {
  if (!(error instanceof RequestConflictError)) throw error;
}
