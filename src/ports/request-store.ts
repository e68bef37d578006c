import type { AccessRequest, MessageRef, RequestState } from '../domain/access-request.js';

/**
 * Durable request records (break-glass reviews and unknown-key sightings have ports of their own). Every method that changes state is one conditional write
 * and throws RequestConflictError (carrying the current record, typed) when its condition fails.
 */
export interface RequestStore {
  get(requestId: string): Promise<AccessRequest | undefined>;
  /**
   * The newest request of this person for this bucket (highest sequence number). It is found through
   * an index that may lag the table by a moment, so it is read again from the table, unless
   * `indexedWillDo` accepts the index's copy: when the caller's next step is a conditional write that
   * checks what the copy says (a claim, or a create of the next sequence number).
   */
  latestFor(
    requesterId: string,
    bucket: string,
    indexedWillDo?: (indexed: AccessRequest) => boolean,
  ): Promise<AccessRequest | undefined>;
  /** Creates the request; fails if a request with that id exists. */
  create(request: AccessRequest): Promise<void>;
  setApprovalMessage(requestId: string, message: MessageRef): Promise<void>;
  /** PENDING and not past due → APPROVED or DENIED. */
  decide(
    requestId: string,
    decision: { approved: boolean; by: string; at: string; approvalExpiresAt?: string },
  ): Promise<AccessRequest>;
  /**
   * One approver's approval of a PENDING, unexpired request that has exactly `seen` approvals and
   * none by this approver: appends them. When that makes `required`, the same write moves it to
   * APPROVED, so racing last approvals yield one APPROVED transition. StateConflictError otherwise.
   */
  approve(
    requestId: string,
    approval: { by: string; at: string; seen: number; required: number; approvalExpiresAt: string },
  ): Promise<AccessRequest>;
  /**
   * PENDING with `n - 1` reminders sent → `n`. Throws RequestConflictError (with the request as it is)
   * when another sweep sent it, or it was decided.
   */
  takeReminder(requestId: string, n: number): Promise<void>;
  /** Reminder `n` could not be posted: back to `n - 1`, so the next sweep sends it. */
  returnReminder(requestId: string, n: number): Promise<void>;
  /** PENDING, not past due, owned by the requester → CANCELLED (the requester withdrew it). */
  cancel(requestId: string, requesterId: string, at: string): Promise<AccessRequest>;
  /**
   * APPROVED, unexpired, owned by the requester → ISSUING, guarded by a fresh claim token. A claim
   * that will send a create carries the bucket's key ids as listed just before it, so a repair can
   * tell keys that were already there from one this claim's create may have made; a claim without
   * them sends no create.
   */
  claim(
    requestId: string,
    requesterId: string,
    claim: { token: string; at: string; dueAt: string; keysBeforeCreate?: readonly string[] },
  ): Promise<AccessRequest>;
  /** ISSUING with this claim → the created key's id is recorded before the secret leaves. */
  recordKey(requestId: string, token: string, accessKeyId: string): Promise<void>;
  /** ISSUING with this claim → ISSUED. */
  markIssued(
    requestId: string,
    token: string,
    issued: { at: string; keyExpiresAt?: string },
  ): Promise<AccessRequest>;
  /** ISSUING with this claim → APPROVED again, with no key recorded. */
  releaseClaim(requestId: string, token: string): Promise<AccessRequest>;
  /** `from` and past due → EXPIRED (PENDING, APPROVED). */
  expire(requestId: string, from: RequestState, now: string): Promise<AccessRequest>;
  /** ISSUED or RETIRING with this key → REVOKED. */
  revoke(requestId: string, accessKeyId: string, by: { userId: string; at: string }): Promise<AccessRequest>;
  /**
   * Its grant was revoked before this request's key was delivered: APPROVED, or ISSUING under the
   * claim seen (with the key id seen recorded, or none) → REVOKED. The issuer's next write then fails,
   * and it deletes whatever key its create made.
   */
  revokeUndelivered(
    requestId: string,
    seen: Pick<AccessRequest, 'state' | 'claimToken' | 'accessKeyId'>,
    by: { userId: string; at: string },
  ): Promise<AccessRequest>;
  /**
   * A REVOKED request whose claim had sent a create before any key was recorded keeps its claim and
   * its deadline, so the sweeper can delete what that create made; once that is done, this drops them.
   */
  settleRevokedClaim(requestId: string): Promise<AccessRequest>;
  // Key lifecycle: rotation, warnings, idle keys.
  /**
   * ISSUED with this key → RETIRING: its successor `replacedBy` was issued; the key is deleted by
   * `retireBy` at the latest (`dueAt`, which is earlier when the key expires first).
   */
  startRetiring(
    requestId: string,
    accessKeyId: string,
    retiring: { replacedBy: string; retireBy: string; dueAt: string },
  ): Promise<AccessRequest>;
  /** RETIRING, successor's first use not yet noted → noted (the first sweep to see it used wins). */
  noteSuccessorUsed(requestId: string, usedAt: string): Promise<AccessRequest>;
  /** ISSUED with this key, not warned of its expiry yet → warned: the warning goes out once. */
  markExpiryWarned(requestId: string, accessKeyId: string, at: string): Promise<AccessRequest>;
  /** ISSUED with this key, not warned since `idleSince` (its last use) → warned now. */
  markIdleWarned(
    requestId: string,
    accessKeyId: string,
    at: string,
    idleSince: string,
  ): Promise<AccessRequest>;
  /** Requests in a state whose dueAt has not passed yet, soonest first (pending requests in App Home). */
  listOpen(state: RequestState, now: string, limit: number): Promise<AccessRequest[]>;
  /** Requests on this bucket that hold a claim which has not timed out (all pages). */
  liveClaimsOn(bucket: string, now: string): Promise<AccessRequest[]>;
  /** Requests in a state whose dueAt has passed, oldest first (sweeper). */
  listDue(state: RequestState, now: string, limit: number): Promise<AccessRequest[]>;
  listByRequester(requesterId: string, limit: number): Promise<AccessRequest[]>;
  /** Every request of a bucket that recorded one of these access keys (all pages, however old). */
  recordsOfKeys(bucket: string, accessKeyIds: readonly string[]): Promise<AccessRequest[]>;
}
