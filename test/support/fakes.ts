/**
 * In-memory implementations of the ports the services use, for fast unit tests of the use cases.
 * Each fake keeps the contract of its port as the real adapter keeps it: the request store's state
 * changes take the same conditions as DynamoRequestStore's conditional writes (and fail the same way,
 * with RequestConflictError carrying the current record); the key issuer refuses what Lightsail refuses.
 * What crosses the wire (SDK calls, Slack payloads) stays proven by the stand-in suites.
 */

import { MemoryMetrics } from '../../src/adapters/metrics/memory-metrics.js';
import type { AccessRequest, MessageRef, RequestState } from '../../src/domain/access-request.js';
import { GENESIS_HASH, hashEvent, type PostedHead } from '../../src/domain/audit-chain.js';
import type { AuditEvent, NewAuditEvent } from '../../src/domain/audit-event.js';
import {
  GrantConflictError,
  KeyIssuerError,
  type KeyIssuerFailure,
  type KeyIssuerOutcome,
  MessengerError,
  RequestConflictError,
  StateConflictError,
} from '../../src/domain/errors.js';
import type { Grant } from '../../src/domain/grant.js';
import { Policy, type PolicyDefaults, policyFileSchema } from '../../src/domain/policy.js';
import type { PersonStatus } from '../../src/domain/policy-explain.js';
import type {
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditSelection,
  DrainReport,
  HandOver,
  RecordedAt,
} from '../../src/ports/audit-log.js';
import type { BreakGlassLedger } from '../../src/ports/break-glass-ledger.js';
import type { BreakGlassReviews } from '../../src/ports/break-glass-reviews.js';
import type { BucketCatalog, BucketCatalogStore } from '../../src/ports/bucket-catalog.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Directory } from '../../src/ports/directory.js';
import type { GrantStore } from '../../src/ports/grant-store.js';
import {
  type BucketKey,
  type KeyIssuer,
  MAX_KEYS_PER_BUCKET,
  type NewBucketKey,
} from '../../src/ports/key-issuer.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Messenger, SlackMessage } from '../../src/ports/messenger.js';
import type { RequestStore } from '../../src/ports/request-store.js';
import type { UnknownKeySightings } from '../../src/ports/unknown-key-sightings.js';
import type { ServiceDependencies, ServiceSettings } from '../../src/services/dependencies.js';
import { slackNotifier } from '../../src/slack/notifier/slack-notifier.js';
import { FakeReviewCampaigns } from './fake-review-campaigns.js';
import { ManualClock } from './manual-clock.js';

export { FakeReviewCampaigns } from './fake-review-campaigns.js';

const clone = <T>(value: T): T => structuredClone(value);

/** Makes the next call of a method throw `error` instead of doing anything. */
class FailureScript<Method extends string> {
  private readonly pending = new Map<Method, unknown[]>();
  failNext(method: Method, error: unknown): void {
    this.pending.set(method, [...(this.pending.get(method) ?? []), error]);
  }
  /** Throws the error scripted for this call, if any. */
  check(method: Method): void {
    const queue = this.pending.get(method);
    if (!queue || queue.length === 0) return;
    const error = queue.shift();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// RequestStore

type StoreMethod = keyof RequestStore;

interface ReviewItem {
  state?: string;
  dueAt?: string;
}

interface UnknownKeyItem {
  claimToken?: string;
  claimedAt?: string;
  claimedUntil?: string;
  reportedAt?: string;
  /** Items written before claims existed: reported then. */
  seenAt?: string;
}

/** A missing attribute makes a comparison false, as in a DynamoDB condition expression. */
const after = (value: string | undefined, than: string) => value !== undefined && value > than;
const atOrBefore = (value: string | undefined, than: string) => value !== undefined && value <= than;

/**
 * RequestStore in a Map. Every state change checks, on the record as it is, the condition
 * DynamoRequestStore writes, and either applies the change and returns the new record or throws
 * RequestConflictError with the record as it is (undefined when there is none).
 */
export class FakeRequestStore implements RequestStore {
  readonly items = new Map<string, AccessRequest>();
  /** Every call, in order, by method name (reads included). */
  readonly calls: StoreMethod[] = [];
  private readonly script = new FailureScript<StoreMethod>();
  private readonly hooks = new Map<StoreMethod, Array<() => void>>();

  /** Runs `action` when `method` is next called, before it acts: a concurrent writer getting in first. */
  whenCalled(method: StoreMethod, action: () => void): void {
    this.hooks.set(method, [...(this.hooks.get(method) ?? []), action]);
  }

  /** The next call of `method` throws `error` (a DynamoDB outage, or a conflict staged by the test). */
  failNext(method: StoreMethod, error: unknown = new Error(`${method} failed (scripted)`)): void {
    this.script.failNext(method, error);
  }

  /** Stores records as they are, bypassing every condition: the Prepare step of a test. */
  seed(...requests: AccessRequest[]): void {
    for (const request of requests) this.items.set(request.requestId, clone(request));
  }

  /** The stored record (a copy), failing the test when there is none. */
  record(requestId: string): AccessRequest {
    const found = this.items.get(requestId);
    if (!found) throw new Error(`no request ${requestId} in the fake store`);
    return clone(found);
  }

  private enter(method: StoreMethod): void {
    this.calls.push(method);
    this.hooks.get(method)?.shift()?.();
    this.script.check(method);
  }

  /** One conditional update: the change applies only when `condition` holds for the record. */
  private change(
    requestId: string,
    condition: (request: AccessRequest) => boolean,
    apply: (request: AccessRequest) => void,
  ): AccessRequest {
    const current = this.items.get(requestId);
    if (!current || !condition(current)) {
      throw new RequestConflictError(
        `update ${requestId}: condition failed`,
        current ? clone(current) : undefined,
      );
    }
    const next = clone(current);
    apply(next);
    this.items.set(requestId, next);
    return clone(next);
  }

  private claimHeld(token: string) {
    return (r: AccessRequest) => r.state === 'ISSUING' && r.claimToken === token;
  }

  async get(requestId: string) {
    this.enter('get');
    const found = this.items.get(requestId);
    return found ? clone(found) : undefined;
  }

  /** What DynamoDB's index shows of a record when it lags the table (see indexLagsWith). */
  private readonly indexCopies = new Map<string, AccessRequest>();

  /** The index still shows `copy` of its record, as a GSI a moment behind the table may. */
  indexLagsWith(copy: AccessRequest): void {
    this.indexCopies.set(copy.requestId, clone(copy));
  }

  async latestFor(requesterId: string, bucket: string, indexedWillDo?: (r: AccessRequest) => boolean) {
    this.enter('latestFor');
    const mine = this.where((r) => r.requesterId === requesterId && r.bucket === bucket);
    const latest = mine.sort((a, b) => b.seq - a.seq)[0];
    if (!latest) return undefined;
    // As DynamoRequestStore: the index's copy where the caller accepts it, else the table's record.
    const indexed = this.indexCopies.get(latest.requestId) ?? latest;
    return indexedWillDo?.(indexed) ? clone(indexed) : this.get(latest.requestId);
  }

  async create(request: AccessRequest) {
    this.enter('create');
    const current = this.items.get(request.requestId);
    if (current)
      throw new RequestConflictError(`create ${request.requestId}: condition failed`, clone(current));
    this.items.set(request.requestId, clone(request));
  }

  async setApprovalMessage(requestId: string, message: MessageRef) {
    this.enter('setApprovalMessage');
    this.change(
      requestId,
      () => true,
      (r) => {
        r.approvalMessage = message;
      },
    );
  }

  async decide(
    requestId: string,
    d: { approved: boolean; by: string; at: string; approvalExpiresAt?: string },
  ) {
    this.enter('decide');
    return this.change(
      requestId,
      (r) => r.state === 'PENDING' && after(r.dueAt, d.at),
      (r) => {
        r.state = d.approved ? 'APPROVED' : 'DENIED';
        r.decidedBy = d.by;
        r.decidedAt = d.at;
        if (d.approved) {
          setOrDelete(r, 'approvalExpiresAt', d.approvalExpiresAt);
          setOrDelete(r, 'dueAt', d.approvalExpiresAt);
        } else delete r.dueAt;
      },
    );
  }

  async approve(
    requestId: string,
    a: { by: string; at: string; seen: number; required: number; approvalExpiresAt: string },
  ) {
    this.enter('approve');
    return this.change(
      requestId,
      (r) =>
        r.state === 'PENDING' &&
        after(r.dueAt, a.at) &&
        (a.seen === 0
          ? r.approvals === undefined
          : r.approvals?.length === a.seen && !r.approvals.includes(a.by)),
      (r) => {
        r.approvals = [...(r.approvals ?? []), a.by];
        if (a.seen + 1 >= a.required) {
          r.state = 'APPROVED';
          r.decidedBy = a.by;
          r.decidedAt = a.at;
          r.approvalExpiresAt = a.approvalExpiresAt;
          r.dueAt = a.approvalExpiresAt;
        }
      },
    );
  }

  async takeReminder(requestId: string, n: number) {
    this.enter('takeReminder');
    this.change(
      requestId,
      (r) => r.state === 'PENDING' && (n === 1 ? r.remindersSent === undefined : r.remindersSent === n - 1),
      (r) => {
        r.remindersSent = n;
      },
    );
  }

  async returnReminder(requestId: string, n: number) {
    this.enter('returnReminder');
    this.change(
      requestId,
      (r) => r.remindersSent === n,
      (r) => {
        if (n === 1) delete r.remindersSent;
        else r.remindersSent = n - 1;
      },
    );
  }

  async cancel(requestId: string, requesterId: string, at: string) {
    this.enter('cancel');
    return this.change(
      requestId,
      (r) => r.state === 'PENDING' && r.requesterId === requesterId && after(r.dueAt, at),
      (r) => {
        r.state = 'CANCELLED';
        r.cancelledAt = at;
        delete r.dueAt;
      },
    );
  }

  async claim(
    requestId: string,
    requesterId: string,
    c: { token: string; at: string; dueAt: string; keysBeforeCreate?: readonly string[] },
  ) {
    this.enter('claim');
    return this.change(
      requestId,
      (r) => r.state === 'APPROVED' && r.requesterId === requesterId && after(r.approvalExpiresAt, c.at),
      (r) => {
        r.state = 'ISSUING';
        r.claimToken = c.token;
        r.claimedAt = c.at;
        r.dueAt = c.dueAt;
        if (c.keysBeforeCreate) r.keysBeforeCreate = [...c.keysBeforeCreate];
      },
    );
  }

  async recordKey(requestId: string, token: string, accessKeyId: string) {
    this.enter('recordKey');
    this.change(requestId, this.claimHeld(token), (r) => {
      r.accessKeyId = accessKeyId;
    });
  }

  async markIssued(requestId: string, token: string, issued: { at: string; keyExpiresAt?: string }) {
    this.enter('markIssued');
    return this.change(requestId, this.claimHeld(token), (r) => {
      r.state = 'ISSUED';
      r.issuedAt = issued.at;
      delete r.claimToken;
      delete r.keysBeforeCreate;
      if (issued.keyExpiresAt) {
        r.keyExpiresAt = issued.keyExpiresAt;
        r.dueAt = issued.keyExpiresAt;
      } else delete r.dueAt;
    });
  }

  async releaseClaim(requestId: string, token: string) {
    this.enter('releaseClaim');
    return this.change(requestId, this.claimHeld(token), (r) => {
      // `SET dueAt = approvalExpiresAt` is refused by DynamoDB when the attribute is missing.
      if (r.approvalExpiresAt === undefined)
        throw new Error(
          'ValidationException: The provided expression refers to an attribute that does not exist',
        );
      r.state = 'APPROVED';
      r.dueAt = r.approvalExpiresAt;
      delete r.claimToken;
      delete r.claimedAt;
      delete r.accessKeyId;
      delete r.keysBeforeCreate;
    });
  }

  async expire(requestId: string, from: RequestState, now: string) {
    this.enter('expire');
    return this.change(
      requestId,
      (r) => r.state === from && atOrBefore(r.dueAt, now),
      (r) => {
        r.state = 'EXPIRED';
        delete r.dueAt;
      },
    );
  }

  async revoke(requestId: string, accessKeyId: string, by: { userId: string; at: string }) {
    this.enter('revoke');
    return this.change(
      requestId,
      (r) => (r.state === 'ISSUED' || r.state === 'RETIRING') && r.accessKeyId === accessKeyId,
      (r) => {
        r.state = 'REVOKED';
        r.revokedBy = by.userId;
        r.revokedAt = by.at;
        delete r.dueAt;
      },
    );
  }

  async revokeUndelivered(
    requestId: string,
    seen: Pick<AccessRequest, 'state' | 'claimToken' | 'accessKeyId'>,
    by: { userId: string; at: string },
  ) {
    this.enter('revokeUndelivered');
    return this.change(
      requestId,
      (r) =>
        seen.state === 'APPROVED'
          ? r.state === 'APPROVED'
          : r.state === 'ISSUING' && r.claimToken === seen.claimToken && r.accessKeyId === seen.accessKeyId,
      (r) => {
        r.state = 'REVOKED';
        r.revokedBy = by.userId;
        r.revokedAt = by.at;
        if (seen.state === 'ISSUING' && !seen.accessKeyId) return;
        delete r.dueAt;
        delete r.claimToken;
        delete r.keysBeforeCreate;
      },
    );
  }

  async settleRevokedClaim(requestId: string) {
    this.enter('settleRevokedClaim');
    return this.change(
      requestId,
      (r) => r.state === 'REVOKED' && r.dueAt !== undefined,
      (r) => {
        delete r.dueAt;
        delete r.claimToken;
        delete r.keysBeforeCreate;
      },
    );
  }

  async startRetiring(
    requestId: string,
    accessKeyId: string,
    retiring: { replacedBy: string; retireBy: string; dueAt: string },
  ) {
    this.enter('startRetiring');
    return this.change(
      requestId,
      (r) => r.state === 'ISSUED' && r.accessKeyId === accessKeyId,
      (r) => {
        r.state = 'RETIRING';
        r.replacedBy = retiring.replacedBy;
        r.retireBy = retiring.retireBy;
        r.dueAt = retiring.dueAt;
      },
    );
  }

  async noteSuccessorUsed(requestId: string, usedAt: string) {
    this.enter('noteSuccessorUsed');
    return this.change(
      requestId,
      (r) => r.state === 'RETIRING' && r.successorUsedAt === undefined,
      (r) => {
        r.successorUsedAt = usedAt;
      },
    );
  }

  async markExpiryWarned(requestId: string, accessKeyId: string, at: string) {
    this.enter('markExpiryWarned');
    return this.change(
      requestId,
      (r) => r.state === 'ISSUED' && r.accessKeyId === accessKeyId && r.expiryWarnedAt === undefined,
      (r) => {
        r.expiryWarnedAt = at;
      },
    );
  }

  async markIdleWarned(requestId: string, accessKeyId: string, at: string, idleSince: string) {
    this.enter('markIdleWarned');
    return this.change(
      requestId,
      (r) =>
        r.state === 'ISSUED' &&
        r.accessKeyId === accessKeyId &&
        (r.idleWarnedAt === undefined || r.idleWarnedAt < idleSince),
      (r) => {
        r.idleWarnedAt = at;
      },
    );
  }

  async listOpen(state: RequestState, now: string, limit: number) {
    this.enter('listOpen');
    return this.byStateDue(state, (dueAt) => dueAt > now, limit);
  }

  async liveClaimsOn(bucket: string, now: string) {
    this.enter('liveClaimsOn');
    return this.where((r) => r.state === 'ISSUING' && after(r.dueAt, now) && r.bucket === bucket);
  }

  async listDue(state: RequestState, now: string, limit: number) {
    this.enter('listDue');
    return this.byStateDue(state, (dueAt) => dueAt <= now, limit);
  }

  async listByRequester(requesterId: string, limit: number) {
    this.enter('listByRequester');
    return this.where((r) => r.requesterId === requesterId)
      .sort((a, b) => compare(b.createdAt, a.createdAt))
      .slice(0, limit);
  }

  async recordsOfKeys(bucket: string, accessKeyIds: readonly string[]) {
    this.enter('recordsOfKeys');
    if (accessKeyIds.length === 0) return [];
    return this.where(
      (r) => r.bucket === bucket && r.accessKeyId !== undefined && accessKeyIds.includes(r.accessKeyId),
    );
  }

  private where(test: (request: AccessRequest) => boolean): AccessRequest[] {
    return [...this.items.values()].filter(test).map(clone);
  }

  /** The sparse byStateDue index: only records with a dueAt, soonest first. */
  private byStateDue(state: RequestState, test: (dueAt: string) => boolean, limit: number) {
    return this.where((r) => r.state === state && r.dueAt !== undefined && test(r.dueAt))
      .sort((a, b) => compare(a.dueAt as string, b.dueAt as string))
      .slice(0, limit);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function setOrDelete<K extends keyof AccessRequest>(r: AccessRequest, field: K, value: AccessRequest[K]) {
  if (value === undefined) delete r[field];
  else r[field] = value;
}

// ---------------------------------------------------------------------------------------------
// AuditLog

/** The audit log as one in-memory hash chain, linked exactly as DynamoAuditLog links it. */
/** BreakGlassReviews in memory, with DynamoBreakGlassReviews' conditions. */
export class FakeBreakGlassReviews implements BreakGlassReviews {
  readonly items = new Map<string, ReviewItem>();

  async schedule(requestId: string, dueAt: string) {
    if (this.items.has(requestId))
      throw new StateConflictError(`schedule review of ${requestId}: condition failed`, undefined);
    this.items.set(requestId, { state: 'REVIEW_DUE', dueAt });
  }

  async due(now: string, limit: number) {
    return [...this.items]
      .filter(([, review]) => review.state !== undefined && atOrBefore(review.dueAt, now))
      .map(([requestId, review]) => ({ requestId, dueAt: review.dueAt as string }))
      .sort((a, b) => compare(a.dueAt, b.dueAt))
      .slice(0, limit);
  }

  async take(requestId: string, from: string, next: string) {
    const review = this.items.get(requestId);
    if (!review || review.dueAt !== from)
      throw new StateConflictError(`take review of ${requestId}: condition failed`, review && { ...review });
    review.dueAt = next;
  }

  async end(requestId: string) {
    const review = this.items.get(requestId);
    if (!review) return;
    delete review.state;
    delete review.dueAt;
  }
}

/** UnknownKeySightings in memory, with DynamoUnknownKeySightings' conditions. */
export class FakeUnknownKeySightings implements UnknownKeySightings {
  readonly items = new Map<string, UnknownKeyItem>();

  async claim(bucket: string, accessKeyId: string, c: { token: string; at: string; until: string }) {
    const id = `${bucket}#${accessKeyId}`;
    const item = this.items.get(id);
    const free =
      !item ||
      (item.reportedAt === undefined &&
        item.seenAt === undefined &&
        (item.claimedUntil === undefined || item.claimedUntil < c.at));
    if (!free)
      throw new StateConflictError(`claim unknown key ${accessKeyId}: condition failed`, { ...item });
    // A put: the item is replaced whole.
    this.items.set(id, { claimToken: c.token, claimedAt: c.at, claimedUntil: c.until });
  }

  async markReported(bucket: string, accessKeyId: string, token: string, at: string) {
    const item = this.items.get(`${bucket}#${accessKeyId}`);
    if (!item || item.claimToken !== token)
      throw new StateConflictError(`report unknown key ${accessKeyId}: condition failed`, undefined);
    item.reportedAt = at;
    delete item.claimedUntil;
  }

  async release(bucket: string, accessKeyId: string, token: string) {
    const item = this.items.get(`${bucket}#${accessKeyId}`);
    if (!item || item.claimToken !== token || item.reportedAt !== undefined)
      throw new StateConflictError(`release unknown key ${accessKeyId}: condition failed`, undefined);
    delete item.claimToken;
    delete item.claimedUntil;
  }
}

/** GrantStore in memory, with DynamoGrantStore's conditions. */
export class FakeGrantStore implements GrantStore {
  readonly items = new Map<string, Grant>();
  private readonly script = new FailureScript<keyof GrantStore>();

  failNext(method: keyof GrantStore, error: unknown = new Error(`${method} failed (scripted)`)): void {
    this.script.failNext(method, error);
  }

  seed(...grants: Grant[]): void {
    for (const grant of grants) this.items.set(grant.grantId, clone(grant));
  }

  private change(grantId: string, condition: (g: Grant) => boolean, apply: (g: Grant) => void): Grant {
    const current = this.items.get(grantId);
    if (!current || !condition(current))
      throw new GrantConflictError(`update grant ${grantId}: condition failed`, current && clone(current));
    const next = clone(current);
    apply(next);
    this.items.set(grantId, next);
    return clone(next);
  }

  async get(grantId: string) {
    this.script.check('get');
    const found = this.items.get(grantId);
    return found ? clone(found) : undefined;
  }

  async open(grant: Grant) {
    this.script.check('open');
    const current = this.items.get(grant.grantId);
    if (current) return clone(current);
    this.items.set(grant.grantId, clone(grant));
    return clone(grant);
  }

  async attach(grantId: string, requestId: string, at: string) {
    this.script.check('attach');
    return this.change(
      grantId,
      (g) => g.state === 'ACTIVE' && after(g.expiresAt ?? '9999', at) && !g.requestIds.includes(requestId),
      (g) => {
        g.requestIds.push(requestId);
      },
    );
  }

  async revoke(grantId: string, by: { userId: string; at: string }) {
    this.script.check('revoke');
    const current = this.items.get(grantId);
    if (current?.state === 'REVOKED') return clone(current);
    return this.change(
      grantId,
      (g) => g.state === 'ACTIVE',
      (g) => {
        g.state = 'REVOKED';
        g.revokedBy = by.userId;
        g.revokedAt = by.at;
        this.revoking.add(g.grantId);
      },
    );
  }

  /** Revoked grants not yet finished, as the index holds them. */
  readonly revoking = new Set<string>();

  async finishRevocation(grantId: string) {
    this.script.check('finishRevocation');
    this.revoking.delete(grantId);
  }

  async unfinishedRevocations(limit: number) {
    this.script.check('unfinishedRevocations');
    return [...this.revoking].slice(0, limit).map((id) => clone(this.items.get(id) as Grant));
  }

  async markReviewed(grantId: string, review: { by: string; at: string; revoked: boolean }) {
    this.script.check('markReviewed');
    return this.change(
      grantId,
      (g) => g.breakGlass === true && g.reviewedAt === undefined,
      (g) => {
        g.reviewedBy = review.by;
        g.reviewedAt = review.at;
        g.reviewRevoked = review.revoked;
      },
    );
  }

  async live(now: string) {
    this.script.check('live');
    return [...this.items.values()]
      .filter((g) => g.state === 'ACTIVE' && after(g.expiresAt ?? '9999', now))
      .map((g) => clone(g));
  }

  async noteDelisted(grantId: string, at: string) {
    this.script.check('noteDelisted');
    this.change(
      grantId,
      (g) => g.state === 'ACTIVE' && g.delistNoticedAt === undefined,
      (g) => {
        g.delistNoticedAt = at;
      },
    );
  }

  async forgetDelisted(grantId: string, at: string) {
    this.script.check('forgetDelisted');
    const current = this.items.get(grantId);
    if (current?.delistNoticedAt === at) delete current.delistNoticedAt;
  }
}

/** BreakGlassLedger in memory: the uses of each person and bucket, in a rolling window. */
export class FakeBreakGlassLedger implements BreakGlassLedger {
  readonly uses = new Map<string, string[]>();

  async take(userId: string, bucket: string, use: { at: string; windowMs: number; max: number }) {
    const key = `${userId}#${bucket}`;
    const since = new Date(Date.parse(use.at) - use.windowMs).toISOString();
    const recent = (this.uses.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= use.max) return { taken: false, used: recent.length };
    this.uses.set(key, [...recent, use.at]);
    return { taken: true, used: recent.length + 1 };
  }
}

export class FakeAuditLog implements AuditLog {
  /** Oldest first. */
  readonly events: AuditEvent[] = [];
  readonly heads: PostedHead[] = [];
  private readonly script = new FailureScript<'append'>();
  private counter = 0;

  constructor(private readonly clock: Clock) {}

  /** The next append throws (the event is not recorded). */
  failNextAppend(error: unknown = new Error('audit append failed (scripted)')): void {
    this.script.failNext('append', error);
  }

  /** The recorded event types, oldest first: what most assertions want. */
  types(): string[] {
    return this.events.map((event) => event.type);
  }

  async append(event: NewAuditEvent, recorded?: RecordedAt): Promise<AuditEvent> {
    this.script.check('append');
    const head = this.events.at(-1);
    const at = recorded?.at ?? this.clock.now().toISOString();
    this.counter++;
    const linked = {
      ...clone(event),
      eventId: recorded?.eventId ?? `${at}#${this.counter.toString(16).padStart(12, '0')}`,
      at,
      seq: head ? head.seq + 1 : 1,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const full: AuditEvent = { ...linked, hash: hashEvent(linked) };
    this.events.push(full);
    return clone(full);
  }

  /** No outbox: as DynamoAuditLog, the event is appended or the call throws. */
  async handOver(event: NewAuditEvent): Promise<HandOver> {
    return { kind: 'appended', event: await this.append(event) };
  }

  async drainOutbox(): Promise<DrainReport> {
    return { appended: 0, left: 0 };
  }

  async eventsAt(seqs: readonly number[]): Promise<AuditEvent[]> {
    const wanted = new Set(seqs);
    return this.events.filter((event) => wanted.has(event.seq)).map(clone);
  }

  async *chainOldestFirst(fromSeq?: number): AsyncIterable<AuditEvent[]> {
    yield this.events.filter((event) => fromSeq === undefined || event.seq >= fromSeq).map(clone);
  }

  async query(q: AuditQuery): Promise<AuditPage> {
    const matching = this.events
      .filter((event) => matchesSubject(event, q.subject) && (!q.since || event.eventId >= q.since))
      .reverse();
    const start = q.cursor ? Number(q.cursor) : 0;
    const events = matching.slice(start, start + q.pageSize).map(clone);
    const next = start + q.pageSize;
    return next < matching.length ? { events, cursor: String(next) } : { events };
  }

  async head() {
    const last = this.events.at(-1);
    return last ? clone(last) : undefined;
  }

  async *chainNewestFirst(): AsyncIterable<AuditEvent[]> {
    yield [...this.events].reverse().map(clone);
  }

  async *exportPages(selection: AuditSelection, since?: string): AsyncIterable<AuditEvent[]> {
    yield this.events
      .filter((event) => selection.kind === 'all' || matchesSubject(event, selection))
      .filter((event) => !since || (selection.kind === 'all' ? event.at : event.eventId) >= since)
      .map(clone);
  }

  async recordPostedHead(head: PostedHead) {
    if (this.heads.some((posted) => posted.day === head.day)) return false;
    this.heads.push({ ...head });
    return true;
  }

  async postedHeads() {
    return [...this.heads].sort((a, b) => compare(a.day, b.day));
  }
}

function matchesSubject(event: AuditEvent, subject: AuditQuery['subject']): boolean {
  switch (subject.kind) {
    case 'bucket':
      return event.bucket === subject.bucket;
    case 'user':
      return event.subjectUserId === subject.userId;
    case 'request':
      return event.requestId === subject.requestId;
    case 'actor':
      return event.actorId === subject.userId;
  }
}

// ---------------------------------------------------------------------------------------------
// KeyIssuer

type KeyOperation = 'listKeys' | 'listBuckets' | 'createKey' | 'deleteKey';

/** What a scripted Lightsail failure looks like, and what it leaves behind. */
export interface ScriptedKeyFailure {
  reason: KeyIssuerFailure;
  outcome?: KeyIssuerOutcome;
  /** Exception name as the audit log shows it; defaults from the reason. */
  awsName?: string;
  /** createKey only: Lightsail made the key although the call failed (a lost answer, a 5xx). */
  keyMade?: boolean;
  /** createKey with keyMade: the error names the key made (a create answered without its secret). */
  namesKey?: boolean;
}

const AWS_NAMES: Record<KeyIssuerFailure, string> = {
  bucket_not_found: 'NotFoundException',
  invalid_input: 'InvalidInputException',
  access_denied: 'AccessDeniedException',
  unauthenticated: 'UnauthenticatedException',
  service_unavailable: 'ServiceException',
  region_setup_in_progress: 'RegionSetupInProgressException',
  key_limit_reached: 'InvalidInputException',
  unknown: 'TimeoutError',
};

export interface KeyIssuerCall {
  op: KeyOperation;
  bucket?: string;
  region: string;
  accessKeyId?: string;
}

/**
 * Lightsail bucket keys in memory. Buckets are added by the test; each holds at most two keys, and
 * a create beyond that is refused with InvalidInputException, as Lightsail refuses it. Failures can
 * be scripted per operation; every call is recorded.
 */
export class FakeKeyIssuer implements KeyIssuer {
  private readonly buckets = new Map<string, { region: string; keys: BucketKey[] }>();
  private readonly script = new Map<KeyOperation, ScriptedKeyFailure[]>();
  private readonly hooks = new Map<KeyOperation, Array<() => void>>();
  readonly calls: KeyIssuerCall[] = [];
  private counter = 0;

  constructor(private readonly clock: Clock) {}

  addBucket(bucket: string, region: string, keys: Array<Partial<BucketKey> & { accessKeyId: string }> = []) {
    this.buckets.set(bucket, {
      region,
      keys: keys.map((key) => ({ status: 'Active', createdAt: this.clock.now(), ...key })),
    });
  }

  /** The keys the bucket holds now (ids only). */
  keyIds(bucket: string): string[] {
    return (this.buckets.get(bucket)?.keys ?? []).map((key) => key.accessKeyId);
  }

  /** A key appears on the bucket outside the bot (the console, or a create whose answer was lost). */
  addKey(bucket: string, key: Partial<BucketKey> & { accessKeyId: string }): void {
    const found = this.buckets.get(bucket);
    if (!found) throw new Error(`no bucket ${bucket} in the fake key issuer`);
    found.keys.push({ status: 'Active', createdAt: this.clock.now(), ...key });
  }

  /** The next call of `op` fails as scripted; queued failures are used in order. */
  failNext(op: KeyOperation, failure: ScriptedKeyFailure): void {
    this.script.set(op, [...(this.script.get(op) ?? []), failure]);
  }

  /** Runs `action` when `op` is next called, before it acts: something else happening at that moment. */
  whenCalled(op: KeyOperation, action: () => void): void {
    this.hooks.set(op, [...(this.hooks.get(op) ?? []), action]);
  }

  callsOf(op: KeyOperation): KeyIssuerCall[] {
    return this.calls.filter((call) => call.op === op);
  }

  async listKeys(bucket: string, region: string) {
    this.calls.push({ op: 'listKeys', bucket, region });
    this.scripted('listKeys');
    return this.bucketIn(bucket, region).keys.map((key) => ({ ...key }));
  }

  async listBuckets(region: string) {
    this.calls.push({ op: 'listBuckets', region });
    this.scripted('listBuckets');
    return [...this.buckets].filter(([, b]) => b.region === region).map(([name]) => name);
  }

  async createKey(bucket: string, region: string): Promise<NewBucketKey> {
    this.calls.push({ op: 'createKey', bucket, region });
    this.hooks.get('createKey')?.shift()?.();
    const failure = this.script.get('createKey')?.shift();
    if (failure) {
      const made = failure.keyMade ? this.mint(bucket, region) : undefined;
      throw this.errorOf(failure, made?.accessKeyId);
    }
    return this.mint(bucket, region);
  }

  async deleteKey(bucket: string, region: string, accessKeyId: string) {
    this.calls.push({ op: 'deleteKey', bucket, region, accessKeyId });
    this.scripted('deleteKey');
    const found = this.bucketIn(bucket, region);
    found.keys = found.keys.filter((key) => key.accessKeyId !== accessKeyId);
  }

  endpointFor(region: string) {
    return `https://s3.${region}.amazonaws.com`;
  }

  private mint(bucket: string, region: string): NewBucketKey {
    const found = this.bucketIn(bucket, region);
    if (found.keys.length >= MAX_KEYS_PER_BUCKET) {
      throw new KeyIssuerError(
        'invalid_input',
        'InvalidInputException',
        `The bucket ${bucket} already has the maximum number of access keys (${MAX_KEYS_PER_BUCKET}).`,
      );
    }
    this.counter++;
    const accessKeyId = `AKIAFAKE${String(this.counter).padStart(12, '0')}`;
    const createdAt = this.clock.now();
    found.keys.push({ accessKeyId, status: 'Active', createdAt });
    return { accessKeyId, secretAccessKey: `fake-secret-${this.counter}`, createdAt };
  }

  private bucketIn(bucket: string, region: string) {
    const found = this.buckets.get(bucket);
    if (!found || found.region !== region)
      throw new KeyIssuerError('bucket_not_found', 'NotFoundException', `No bucket ${bucket} in ${region}.`);
    return found;
  }

  private scripted(op: KeyOperation): void {
    this.hooks.get(op)?.shift()?.();
    const failure = this.script.get(op)?.shift();
    if (failure) throw this.errorOf(failure);
  }

  private errorOf(failure: ScriptedKeyFailure, madeKeyId?: string): KeyIssuerError {
    const named = failure.namesKey && madeKeyId ? { accessKeyId: madeKeyId } : {};
    return new KeyIssuerError(
      failure.reason,
      failure.awsName ?? AWS_NAMES[failure.reason],
      `scripted ${failure.reason}`,
      { outcome: failure.outcome ?? 'refused', ...named },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Messenger

type MessengerMethod = keyof Messenger;

export interface MessengerCall {
  method: MessengerMethod;
  /** The user, channel or response_url the call went to. */
  to: string;
  message?: SlackMessage & { replaceOriginal?: boolean };
  thread?: MessageRef;
}

/** Records everything the bot says; the next call of a method can be made to fail as Slack fails. */
export class FakeMessenger implements Messenger {
  /** The calls Slack accepted, in order: what people saw. */
  readonly calls: MessengerCall[] = [];
  /** Every call, failed ones included (with the Slack error they got). */
  readonly attempts: Array<MessengerCall & { failed?: string }> = [];
  private readonly script = new FailureScript<MessengerMethod>();
  private ts = 0;

  /** The next call of `method` fails with MessengerError(slackError): in `attempts`, not in `calls`. */
  failNext(method: MessengerMethod, slackError = 'channel_not_found'): void {
    this.script.failNext(method, new MessengerError(slackError, `Slack ${method} failed: ${slackError}`));
  }

  callsOf(method: MessengerMethod): MessengerCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Every text the person saw, by any route (DM, ephemeral DM, response_url), oldest first. */
  textsTo(userOrUrl: string): string[] {
    return this.calls.filter((call) => call.to === userOrUrl && call.message).map((call) => textOf(call));
  }

  private note(call: MessengerCall): void {
    try {
      this.script.check(call.method);
    } catch (error) {
      this.attempts.push({ ...clone(call), failed: (error as MessengerError).slackError });
      throw error;
    }
    this.attempts.push(clone(call));
    this.calls.push(clone(call));
  }

  private nextRef(channel: string): MessageRef {
    this.ts++;
    return { channel, ts: `1700000000.${String(this.ts).padStart(6, '0')}` };
  }

  async post(channel: string, message: SlackMessage) {
    this.note({ method: 'post', to: channel, message });
    return this.nextRef(channel);
  }

  async postInThread(parent: MessageRef, message: SlackMessage) {
    this.note({ method: 'postInThread', to: parent.channel, thread: parent, message });
    return this.nextRef(parent.channel);
  }

  async update(ref: MessageRef, message: SlackMessage) {
    this.note({ method: 'update', to: ref.channel, thread: ref, message });
  }

  async directMessage(userId: string, message: SlackMessage) {
    this.note({ method: 'directMessage', to: userId, message });
    return this.nextRef(`D${userId}`);
  }

  async ephemeralDirectMessage(userId: string, message: SlackMessage) {
    this.note({ method: 'ephemeralDirectMessage', to: userId, message });
  }

  /** Whose DM was prepared, in order. It sends nothing, so it is not among `calls`. */
  readonly prepared: string[] = [];

  prepareDirectMessage(userId: string) {
    this.prepared.push(userId);
  }

  // biome-ignore lint/suspicious/noExplicitAny: a Block Kit view
  async publishHome(userId: string, view: { type: 'home'; blocks: any[] }) {
    this.note({ method: 'publishHome', to: userId, message: { text: '', blocks: view.blocks } });
  }

  async uploadFile(
    userId: string,
    file: { filename: string; title: string; content: string; comment?: string },
  ) {
    this.note({ method: 'uploadFile', to: userId, message: { text: `${file.title}\n${file.content}` } });
  }

  async respond(responseUrl: string, message: SlackMessage & { replaceOriginal?: boolean }) {
    this.note({ method: 'respond', to: responseUrl, message });
  }
}

/** The fallback text and every text object in the blocks, so an assertion finds words wherever they are. */
export function textOf(call: MessengerCall): string {
  const parts = [call.message?.text ?? ''];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(call.message?.blocks);
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Directory, catalog, logger

/** User groups (S…) and their members; user ids pass through. */
export class FakeDirectory implements Directory {
  readonly groups = new Map<string, string[]>();
  /** What users.info would say of a person; anyone not set is a full member. */
  readonly statuses = new Map<string, PersonStatus>();

  setGroup(groupId: string, members: string[]): void {
    this.groups.set(groupId, [...members]);
  }

  async expand(ids: readonly string[]) {
    const users = new Set<string>();
    for (const id of ids) {
      if (id.startsWith('S')) for (const member of this.groups.get(id) ?? []) users.add(member);
      else users.add(id);
    }
    return users;
  }

  async describe(userId: string): Promise<PersonStatus> {
    return this.statuses.get(userId) ?? { deleted: false };
  }
}

/** The catalog as DynamoBucketCatalog keeps it: an older view never replaces a newer one. */
export class FakeBucketCatalogStore implements BucketCatalogStore {
  stored: BucketCatalog | undefined;
  writes = 0;

  async read() {
    return this.stored ? clone(this.stored) : undefined;
  }

  async write(catalog: BucketCatalog) {
    this.writes++;
    if (this.stored && this.stored.updatedAt > catalog.updatedAt) return;
    this.stored = clone(catalog);
  }
}

export interface LogEntry {
  level: keyof Logger;
  message: string;
  extra?: Record<string, unknown>;
}

/** Keeps every log line, so a test can prove a failure was logged (and what was logged). */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  debug(message: string, extra?: Record<string, unknown>) {
    this.entries.push({ level: 'debug', message, ...(extra ? { extra } : {}) });
  }
  info(message: string, extra?: Record<string, unknown>) {
    this.entries.push({ level: 'info', message, ...(extra ? { extra } : {}) });
  }
  warn(message: string, extra?: Record<string, unknown>) {
    this.entries.push({ level: 'warn', message, ...(extra ? { extra } : {}) });
  }
  error(message: string, extra?: Record<string, unknown>) {
    this.entries.push({ level: 'error', message, ...(extra ? { extra } : {}) });
  }
  messages(level: keyof Logger): string[] {
    return this.entries.filter((entry) => entry.level === level).map((entry) => entry.message);
  }
}

// ---------------------------------------------------------------------------------------------
// The builder

export const FAKE_REGION = 'eu-west-2';
export const FAKE_APPROVER = 'UAPPROVER1';
export const FAKE_CHANNEL = 'CAPPROVALS';

export const DEFAULT_SETTINGS: ServiceSettings = {
  approvalChannelId: FAKE_CHANNEL,
  defaultRegion: FAKE_REGION,
  auditorIds: [],
  approvalTtlMs: 24 * 3_600_000,
  pendingTtlMs: 24 * 3_600_000,
  issuingTimeoutMs: 5 * 60_000,
};

/** A Policy from defaults and (optionally) a policy file's contents, validated as at start. */
export function policyOf(file?: unknown, defaults: Partial<PolicyDefaults> = {}): Policy {
  return new Policy(
    { region: FAKE_REGION, approvers: [FAKE_APPROVER], ...defaults },
    file === undefined ? undefined : policyFileSchema.parse(file),
  );
}

/** ServiceDependencies on fakes, with the fakes' own types so a test can script and inspect them. */
export interface FakeDependencies extends ServiceDependencies {
  requests: FakeRequestStore;
  grants: FakeGrantStore;
  breakGlassUses: FakeBreakGlassLedger;
  reviews: FakeBreakGlassReviews;
  sightings: FakeUnknownKeySightings;
  campaigns: FakeReviewCampaigns;
  audit: FakeAuditLog;
  catalog: FakeBucketCatalogStore;
  keys: FakeKeyIssuer;
  messenger: FakeMessenger;
  directory: FakeDirectory;
  clock: ManualClock;
  logger: RecordingLogger;
  metrics: MemoryMetrics;
}

export interface FakeOverrides {
  clock?: ManualClock;
  policy?: Policy;
  settings?: Partial<ServiceSettings>;
}

/** Every port on a fresh fake, one clock shared by all, the default policy (no file) and settings. */
export function fakeDependencies(overrides: FakeOverrides = {}): FakeDependencies {
  const clock = overrides.clock ?? new ManualClock(Date.parse('2026-05-01T09:00:00.000Z'));
  const messenger = new FakeMessenger();
  const logger = new RecordingLogger();
  const settings = { ...DEFAULT_SETTINGS, ...overrides.settings };
  return {
    requests: new FakeRequestStore(),
    grants: new FakeGrantStore(),
    breakGlassUses: new FakeBreakGlassLedger(),
    reviews: new FakeBreakGlassReviews(),
    sightings: new FakeUnknownKeySightings(),
    campaigns: new FakeReviewCampaigns(),
    audit: new FakeAuditLog(clock),
    catalog: new FakeBucketCatalogStore(),
    keys: new FakeKeyIssuer(clock),
    messenger,
    // The real wording over the in-memory messenger: a test sees what Slack would be sent.
    notifier: slackNotifier({ messenger, approvalChannelId: settings.approvalChannelId, logger }),
    directory: new FakeDirectory(),
    clock,
    policy: overrides.policy ?? policyOf(),
    logger,
    metrics: new MemoryMetrics(),
    settings,
  };
}
