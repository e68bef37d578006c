import { randomUUID } from 'node:crypto';
import { type AccessRequest, isUsableApproval } from '../../domain/access-request.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { KeyIssuerError, RequestConflictError, StateConflictError } from '../../domain/errors.js';
import { type Grant, grantFromApproval, grantIdOf, isFirstOfGrant, isLiveGrant } from '../../domain/grant.js';
import { type BucketRules, keyMaxAgeOf } from '../../domain/policy.js';
import { type BucketKey, MAX_KEYS_PER_BUCKET, type NewBucketKey } from '../../ports/key-issuer.js';
import { unknownRequest } from '../../slack/messages/approver-replies.js';
import {
  bucketNoLongerAllowed,
  createFailedCleanupPending,
  createFailedTryAgain,
  grantEndedBeforeIssue,
} from '../../slack/messages/issue-outcome-messages.js';
import {
  keyDelivered,
  keyLimitReached,
  keyNotRecorded,
  secretMessage,
} from '../../slack/messages/key-messages.js';
import {
  approvalNotUsable,
  createOutcomeUnknown,
  deliveryFailedDm,
  requestNotYours,
} from '../../slack/messages/requester-replies.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import { announceBreakGlass } from '../break-glass/announce-break-glass.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError, explainFailure } from '../failures.js';
import { reply } from '../replies.js';
import { beginRetirement } from '../revoke-rotate/rotation.js';
import {
  type IssueJob,
  type KeyListing,
  keepButton,
  listKeysOf,
  recordIssueFailure,
  releaseQuietly,
} from './issue-support.js';
import { refreshBucketCount } from './refresh-bucket-catalog.js';
import { settleFailedCreate } from './repair-claim.js';

/**
 * Turns a valid approval into a key whose secret reaches the requester's DM, ephemerally, once.
 * APPROVED → ISSUING (claim, with the bucket's keys as they were) → key id recorded → secret
 * delivered → ISSUED. Any failure after the key exists deletes it and returns the approval: no key
 * may exist whose secret nobody received.
 */
export async function issueKey(
  deps: ServiceDependencies,
  job: IssueJob,
  justRead?: AccessRequest,
  /** The bucket's keys, listed alongside that read (of `justRead.bucket` in `listedIn`). */
  listed?: { listing: Promise<KeyListing>; listedIn: string },
): Promise<void> {
  // The claim below is the real check; a record read a moment ago only saves a round trip.
  const request = justRead?.requestId === job.requestId ? justRead : await deps.requests.get(job.requestId);
  if (!request) return reply(deps, job, unknownRequest());
  if (request.requesterId !== job.userId) {
    await record(deps, {
      type: 'refused_issue',
      outcome: 'refused',
      actorId: job.userId,
      ...aboutRequest(request),
      detail: 'the approval is for someone else',
    });
    return reply(deps, job, requestNotYours());
  }

  // The policy in force now decides, not the one that approved: a bucket removed since gets no key.
  const rules = deps.policy.rulesFor(request.bucket);
  if (!rules) {
    const refused = await claimOrAnswer(deps, job, request);
    return refused && refuseByPolicy(deps, job, refused.claimed, refused.token);
  }
  const listing =
    listed?.listedIn === request.region && justRead === request
      ? listed.listing
      : listKeysOf(deps, request.bucket, request.region);
  const before = await keysOrAnswer(deps, job, request, await listing);
  if (!before) return;
  // Kept with the claim: a repair never deletes a key that was on the bucket when it was listed.
  const claim = await claimOrAnswer(deps, job, request, before);
  if (!claim) return;
  if (!(await reviewFiled(deps, job, claim.claimed, claim.token))) return;
  // Slack finds the requester's DM, and the grant is opened (or, for a rotation, checked), while
  // Lightsail makes the key. The grant step never rejects: it answers with what it found.
  deps.messenger.prepareDirectMessage(request.requesterId);
  const granted = grantForClaim(deps, claim.claimed, rules);
  const key = await createKeyOrRelease(deps, job, claim.claimed, claim.token, before);
  if (!key) return;
  const grant = await granted;
  if (grant.kind !== 'ok') return undoWithoutGrant(deps, job, claim.claimed, claim.token, key, grant);
  await deliverOrUndo(deps, job, claim.claimed, claim.token, key, grant.grant);
}

/**
 * A break-glass is filed for review before its key exists, due at once, so that a worker dying at any
 * later point still has it announced by the next sweep. Filing it twice (a retry) is harmless; if it
 * cannot be filed, no key is made.
 */
async function reviewFiled(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
): Promise<boolean> {
  if (!request.breakGlass || !isFirstOfGrant(request)) return true;
  try {
    await deps.reviews.schedule(request.requestId, request.createdAt).catch((error: unknown) => {
      if (!(error instanceof StateConflictError)) throw error;
    });
    return true;
  } catch (error) {
    await failBeforeCreate(deps, job, request, token, error);
    return false;
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
  request: AccessRequest,
  token: string,
  key: NewBucketKey,
  check: Exclude<GrantCheck, { kind: 'ok' }>,
): Promise<void> {
  try {
    await deps.keys.deleteKey(request.bucket, request.region, key.accessKeyId);
  } catch (error) {
    deps.logger.error('could not delete a key made without a usable grant; the sweeper will', {
      requestId: request.requestId,
      error: describeError(error),
    });
    await recordIssueFailure(deps, job, request, 'GrantUnavailable');
    return reply(
      deps,
      job,
      createFailedCleanupPending(request, deps.settings.issuingTimeoutMs),
      keepButton(job),
    );
  }
  if (check.kind === 'failed') return failBeforeCreate(deps, job, request, token, check.error);
  const by = { userId: SYSTEM_ACTOR, at: deps.clock.now().toISOString() };
  await deps.requests
    .revokeUndelivered(request.requestId, { ...request, claimToken: token }, by)
    .catch(ignoreConflict);
  // The key this claim made is deleted: nothing is left for the sweeper to repair.
  await deps.requests.settleRevokedClaim(request.requestId).catch(ignoreConflict);
  await recordIssueFailure(deps, job, request, 'GrantEnded');
  await reply(deps, job, grantEndedBeforeIssue(request), { replaceOriginal: true });
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
): Promise<{ claimed: AccessRequest; token: string } | undefined> {
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
    await reply(deps, job, approvalNotUsable(error.current ?? request), keepButton(job));
    return undefined;
  }
}

async function refuseByPolicy(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
): Promise<void> {
  await releaseQuietly(deps, request, token);
  await record(deps, {
    type: 'key_issue_refused_policy',
    outcome: 'refused',
    actorId: job.userId,
    ...aboutRequest(request),
    detail: 'the policy in force no longer allows this bucket',
  });
  await reply(deps, job, bucketNoLongerAllowed(request), keepButton(job));
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
): Promise<BucketKey[] | undefined> {
  const { bucket, region } = request;
  if ('keys' in listed && listed.keys.length < MAX_KEYS_PER_BUCKET) return listed.keys;
  const current = await deps.requests.get(request.requestId);
  if (!current || !isUsableApproval(current, deps.clock.now())) {
    await reply(deps, job, approvalNotUsable(current ?? request), keepButton(job));
    return undefined;
  }
  if ('keys' in listed) {
    await recordIssueFailure(deps, job, current, 'KeyLimitReached');
    await reply(deps, job, keyLimitReached(bucket, listed.keys), keepButton(job));
    return undefined;
  }
  await recordIssueFailure(deps, job, current, failureName(listed.error));
  const where = { bucket, region, action: 'ListBucketAccessKeys' };
  await reply(deps, job, await explainFailure(deps, listed.error, where), keepButton(job));
  return undefined;
}

async function createKeyOrRelease(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
  before: readonly BucketKey[],
): Promise<NewBucketKey | undefined> {
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
      await reply(deps, job, createOutcomeUnknown(request, deps.settings.issuingTimeoutMs), keepButton(job));
      return undefined;
    }
    // Another key may have been created since we counted: Lightsail's own limit is the judge.
    if (error instanceof KeyIssuerError && error.reason === 'invalid_input') {
      const now = await deps.keys.listKeys(bucket, region).catch(() => before);
      if (now.length >= MAX_KEYS_PER_BUCKET) {
        await releaseQuietly(deps, request, token);
        await recordIssueFailure(deps, job, request, 'KeyLimitReached');
        await reply(deps, job, keyLimitReached(bucket, now), keepButton(job));
        return undefined;
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
): Promise<undefined> {
  await recordIssueFailure(deps, job, request, error.awsName);
  const settled = await settleFailedCreate(deps, request, token, error.accessKeyId);
  const message = settled
    ? createFailedTryAgain(request)
    : createFailedCleanupPending(request, deps.settings.issuingTimeoutMs);
  await reply(deps, job, message, keepButton(job));
  return undefined;
}

/** Nothing was created (or nothing can have been): give the approval back and explain. */
async function failBeforeCreate(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
  error: unknown,
): Promise<undefined> {
  await releaseQuietly(deps, request, token);
  await recordIssueFailure(deps, job, request, failureName(error));
  const where = { bucket: request.bucket, region: request.region, action: 'CreateBucketAccessKey' };
  await reply(deps, job, await explainFailure(deps, error, where), keepButton(job));
  return undefined;
}

async function deliverOrUndo(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
  key: NewBucketKey,
  grant: Grant,
): Promise<void> {
  const { bucket, region, requestId } = request;
  // Every key of a grant ends when the grant does: a rotation never renews the access.
  const keyExpiresAt = grant.expiresAt;
  try {
    // Recorded before the secret leaves, so an interrupted run can always find and delete the key.
    await deps.requests.recordKey(requestId, token, key.accessKeyId);
    await deps.messenger.ephemeralDirectMessage(
      request.requesterId,
      secretMessage({
        bucket,
        region,
        endpoint: deps.keys.endpointFor(region),
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        ...(keyExpiresAt ? { expiresAt: keyExpiresAt } : {}),
      }),
    );
  } catch (error) {
    return undoDelivery(deps, job, request, token, key.accessKeyId, error);
  }
  const at = deps.clock.now().toISOString();
  let issued: AccessRequest;
  try {
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
    await reply(deps, job, keyNotRecorded(request, key.accessKeyId, deps.settings.issuingTimeoutMs));
    return;
  }
  await afterIssued(deps, job, issued, grant);
}

/** The key is ISSUED: audited, answered, and what follows it (a rotation, a break-glass) set going. */
async function afterIssued(deps: ServiceDependencies, job: IssueJob, issued: AccessRequest, grant: Grant) {
  const first = isFirstOfGrant(issued);
  await record(deps, {
    type: 'key_issued',
    outcome: 'ok',
    actorId: issued.requesterId,
    ...aboutRequest(issued),
    ...(issued.accessKeyId ? { accessKeyId: issued.accessKeyId } : {}),
    // A rotation is the holder's own act within the grant: nobody approved this key anew.
    ...(first && issued.decidedBy ? { approverId: issued.decidedBy } : {}),
    detail: first ? `grant ${grant.grantId}` : `rotation within grant ${grant.grantId}`,
  });
  await reply(deps, job, keyDelivered(issued), { replaceOriginal: true });
  if (issued.rotates) await beginRetirement(deps, issued);
  if (issued.breakGlass && first) await announceBreakGlass(deps, issued);
  await refreshBucketCount(deps, issued.bucket, issued.region);
}

async function undoDelivery(
  deps: ServiceDependencies,
  job: IssueJob,
  request: AccessRequest,
  token: string,
  accessKeyId: string,
  cause: unknown,
): Promise<void> {
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
  const message = revoked ? grantEndedBeforeIssue(request) : deliveryFailedDm(request);
  await reply(deps, { userId: job.userId }, message);
  if (job.responseUrl && !job.fromButton) await reply(deps, job, message, { replaceOriginal: true });
}

function failureName(error: unknown): string {
  return error instanceof KeyIssuerError ? error.awsName : String(describeError(error).name);
}

/** A conditional write that lost changes nothing here: someone else moved the record on first. */
function ignoreConflict(error: unknown): void {
  if (!(error instanceof RequestConflictError)) throw error;
}
