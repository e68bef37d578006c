import type { AccessRequest } from '../../domain/access-request.js';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import type { UnknownKey } from '../../ports/notices/sweep-notices.js';
import { aboutRequest, record } from '../audit/audit-record.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError, newReference } from '../failures.js';
import { wroteFirst } from '../first-to-write.js';
import { refreshBucketCatalog } from '../issue/refresh-bucket-catalog.js';
import { deleteKeys, orphansOfClaim, reportRepair } from '../issue/repair-claim.js';
import { showOutcomeToApprovers } from '../request/decide-request.js';
import { NO_REVIEW_WORK, type ReviewSweepReport, sweepReviews } from '../review/sweep-reviews.js';
import { managedBuckets } from './managed-buckets.js';
import { sweepApprovalRules } from './sweep-approval-rules.js';
import { postChainHead } from './sweep-chain-head.js';
import { sweepGrants } from './sweep-grants.js';
import { sweepKeyLifecycle } from './sweep-lifecycle.js';

const BATCH = 100;
/** How long a sweep holds an unknown key it is reporting: longer than a Lambda can run. */
const UNKNOWN_KEY_CLAIM_MS = 15 * 60_000;

export interface SweepReport extends ReviewSweepReport {
  expiredRequests: number;
  expiredApprovals: number;
  repairedIssuing: number;
  expiredKeys: number;
  unknownKeys: number;
  /** Key lifecycle: see sweep-lifecycle.ts. */
  retiredKeys: number;
  expiryWarnings: number;
  idleWarnings: number;
  idleKeysDeleted: number;
  reminders: number;
  breakGlassReposts: number;
  /** Grants: revokes finished after a failure, buckets reported as having left the policy. */
  revocationsFinished: number;
  delistedBuckets: number;
  /** Buckets in the request modal's catalog after this sweep. */
  catalogBuckets: number;
  /** 1 when this sweep posted the day's audit chain head (once a day, whichever sweep claims it). */
  chainHeadsPosted: number;
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
    retiredKeys: 0,
    expiryWarnings: 0,
    idleWarnings: 0,
    idleKeysDeleted: 0,
    reminders: 0,
    breakGlassReposts: 0,
    revocationsFinished: 0,
    delistedBuckets: 0,
    catalogBuckets: 0,
    chainHeadsPosted: 0,
    ...NO_REVIEW_WORK,
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
  for (const request of await deps.requests.listDue('REVOKED', now, BATCH)) {
    if (await repairRevokedClaim(deps, request)) report.repairedIssuing++;
  }
  for (const request of await deps.requests.listDue('ISSUED', now, BATCH)) {
    if (await expireKey(deps, request, now)) report.expiredKeys++;
  }
  Object.assign(report, await sweepKeyLifecycle(deps, now));
  Object.assign(report, await sweepGrants(deps, now));
  Object.assign(report, await sweepReviews(deps));
  report.unknownKeys = await reportUnknownKeys(deps, now);
  Object.assign(report, await sweepApprovalRules(deps, now));
  report.catalogBuckets = await refreshBucketCatalog(deps);
  report.chainHeadsPosted = (await postChainHead(deps)) ? 1 : 0;
  deps.logger.info('sweep finished', { ...report });
  return report;
}

function eventBase(request: AccessRequest) {
  return {
    outcome: 'ok' as const,
    actorId: SYSTEM_ACTOR,
    ...aboutRequest(request),
  };
}

async function expire(deps: ServiceDependencies, request: AccessRequest, now: string): Promise<boolean> {
  if (!(await wroteFirst(() => deps.requests.expire(request.requestId, request.state, now)))) return false;
  const pending = request.state === 'PENDING';
  await record(deps, { type: pending ? 'request_expired' : 'approval_expired', ...eventBase(request) });
  if (pending) await showOutcomeToApprovers(deps, { ...request, state: 'EXPIRED' });
  await deps.notifier.requestExpired(request);
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
  if (!(await wroteFirst(() => deps.requests.releaseClaim(request.requestId, token)))) return false;
  await reportRepair(deps, request, deleted, request.accessKeyId ? 'interrupted_issue' : 'timed_out_create');
  return true;
}

/**
 * A grant revoked while one of its keys was being made, whose issuer never confirmed deleting it
 * (it died, or its delete failed): once the claim's deadline has passed, what its create made is
 * deleted here, and the request keeps no claim.
 */
async function repairRevokedClaim(deps: ServiceDependencies, request: AccessRequest): Promise<boolean> {
  let deleted: string[];
  try {
    const found = await orphansOfClaim(deps, request, new Date(request.dueAt ?? request.createdAt));
    if (found === undefined) return false;
    deleted = found;
    await deleteKeys(deps, request, deleted);
  } catch (error) {
    deps.logger.error('could not clean up after an issue whose grant was revoked', {
      requestId: request.requestId,
      error: describeError(error),
    });
    return false;
  }
  if (!(await wroteFirst(() => deps.requests.settleRevokedClaim(request.requestId)))) return false;
  if (deleted.length > 0) await reportRepair(deps, request, deleted, 'revoked_during_issue');
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
    !(await wroteFirst(() =>
      deps.requests.revoke(request.requestId, accessKeyId, { userId: SYSTEM_ACTOR, at: now }),
    ))
  ) {
    return false;
  }
  await record(deps, { type: 'key_expired_deleted', ...eventBase(request), accessKeyId });
  await deps.notifier.keyExpired(request, accessKeyId);
  return true;
}

/**
 * Keys on managed buckets that no request of ours accounts for: reported once each. A key is
 * claimed before its post and marked reported only after the post went out; if the post fails,
 * the claim is dropped (or lapses) and the next sweep reports it, so no key is lost and none is
 * reported twice. The claim outlives any sweep: a Lambda runs at most 15 minutes.
 */
async function reportUnknownKeys(deps: ServiceDependencies, now: string): Promise<number> {
  const token = newReference();
  const until = new Date(Date.parse(now) + UNKNOWN_KEY_CLAIM_MS).toISOString();
  const found: Array<UnknownKey & { region: string; createdAt: Date }> = [];
  for (const { bucket, region } of await managedBuckets(deps)) {
    try {
      const keys = await deps.keys.listKeys(bucket, region);
      const records = await deps.requests.recordsOfKeys(
        bucket,
        keys.map((key) => key.accessKeyId),
      );
      const known = new Set(
        records
          .filter((r) => r.state === 'ISSUED' || r.state === 'ISSUING' || r.state === 'RETIRING')
          .map((r) => r.accessKeyId),
      );
      for (const key of keys) {
        if (known.has(key.accessKeyId)) continue;
        const claim = { token, at: now, until };
        if (!(await wroteFirst(() => deps.sightings.claim(bucket, key.accessKeyId, claim)))) continue;
        found.push({ bucket, region, accessKeyId: key.accessKeyId, createdAt: key.createdAt });
      }
    } catch (error) {
      deps.logger.warn('could not check a bucket for unknown keys', { bucket, error: describeError(error) });
    }
  }
  let reported = 0;
  const posts = deps.notifier.unknownKeysFound(found);
  for (const [n, post] of posts.entries()) {
    try {
      await post.post();
    } catch (error) {
      const unreported = posts.slice(n).flatMap((p) => p.keys);
      deps.logger.error('could not report unknown keys; the next sweep reports them', {
        keys: unreported.length,
        error: describeError(error),
      });
      for (const key of unreported) await release(deps, key, token);
      break;
    }
    await Promise.all(
      post.keys.map(async (key) => {
        await markReported(deps, key, token, now);
        await record(deps, {
          type: 'unknown_key_found',
          outcome: 'ok',
          actorId: SYSTEM_ACTOR,
          bucket: key.bucket,
          region: key.region,
          accessKeyId: key.accessKeyId,
          detail: `created ${key.createdAt.toISOString()}`,
        });
      }),
    );
    reported += post.keys.length;
  }
  return reported;
}

/** A failure here is logged: the claim lapses on its own, and the key is reported again then. */
async function markReported(deps: ServiceDependencies, key: UnknownKey, token: string, at: string) {
  try {
    await deps.sightings.markReported(key.bucket, key.accessKeyId, token, at);
  } catch (error) {
    deps.logger.error('could not record an unknown key as reported', { ...key, error: describeError(error) });
  }
}

async function release(deps: ServiceDependencies, key: UnknownKey, token: string) {
  try {
    await deps.sightings.release(key.bucket, key.accessKeyId, token);
  } catch (error) {
    deps.logger.warn('could not release an unknown key; its claim lapses instead', {
      ...key,
      error: describeError(error),
    });
  }
}
