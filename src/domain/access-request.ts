/**
 * A request's life; each arrow is one conditional write in the RequestStore.
 *
 *   PENDING ─approve→ APPROVED ─claim→ ISSUING ─delivered→ ISSUED ─revoke/expire→ REVOKED
 *      ├─deny→ DENIED   └─ttl→ EXPIRED    └─delivery failed: key deleted→ APPROVED
 *      ├─ttl→ EXPIRED
 *      └─cancel (by the requester)→ CANCELLED
 *
 * Rotation: the holder's ISSUED key gets a successor, a new request created APPROVED under the
 * same grant (or PENDING, a new grant, when an approval is needed) that carries `rotates`. Once the
 * successor is ISSUED, the old request moves on:
 *
 *   ISSUED ─successor issued→ RETIRING ─grace over, or the application moved→ REVOKED (key deleted)
 *                                └─revoke→ REVOKED
 *
 * Revoking a grant (see grant.ts) also ends its requests that have no key yet:
 *
 *   APPROVED ─grant revoked→ REVOKED      ISSUING ─grant revoked (its key deleted)→ REVOKED
 *
 * Quorum: each approval of a PENDING request is its own conditional write that adds the approver to
 * `approvals`; the write that completes the quorum is the one that moves PENDING → APPROVED.
 * Break-glass: the request is created APPROVED by the requester (one conditional put), then issued as
 * above; `reviewedBy` is set once, by one conditional write, when an approver reviews it.
 */
export type RequestState =
  | 'PENDING'
  | 'APPROVED'
  | 'DENIED'
  | 'ISSUING'
  | 'ISSUED'
  | 'RETIRING'
  | 'REVOKED'
  | 'EXPIRED'
  | 'CANCELLED';

/** States in which a person and bucket already have a request under way. */
const OPEN_STATES: readonly RequestState[] = ['PENDING', 'APPROVED', 'ISSUING'];

/** A request under way (waiting, approved or issuing): a new one for the same person and bucket must wait. */
export function isOpen(request: AccessRequest): boolean {
  return OPEN_STATES.includes(request.state);
}

export interface MessageRef {
  channel: string;
  ts: string;
}

export interface AccessRequest {
  requestId: string;
  seq: number;
  requesterId: string;
  bucket: string;
  region: string;
  reason: string;
  /** A shorter key life the requester asked for in the request modal (never above the bucket's maximum). */
  requestedLifetimeMs?: number;
  state: RequestState;
  createdAt: string;
  /** When the current state runs out: pending deadline, approval expiry, claim timeout or key expiry. */
  dueAt?: string;
  decidedBy?: string;
  decidedAt?: string;
  approvalExpiresAt?: string;
  claimToken?: string;
  claimedAt?: string;
  /**
   * The bucket's key ids just before this claim's create was sent. Absent: no create was sent.
   * Keys listed here are never this claim's, so a repair leaves them alone.
   */
  keysBeforeCreate?: string[];
  accessKeyId?: string;
  issuedAt?: string;
  keyExpiresAt?: string;
  revokedBy?: string;
  revokedAt?: string;
  cancelledAt?: string;
  approvalMessage?: MessageRef;
  /** The grant this request's key is under (see grant.ts); absent on requests made before grants. */
  grantId?: string;
  /** On a rotation's request: the holder's key (and its request) that the new key replaces. */
  rotates?: { accessKeyId: string; requestId: string };
  /** On a RETIRING request: the key that replaces this one. */
  replacedBy?: string;
  /** On a RETIRING request: when the grace ends and the old key is deleted at the latest. */
  retireBy?: string;
  /** The successor's last use when a sweep first saw it used: the application has moved since then. */
  successorUsedAt?: string;
  /** When the holder was warned that the key expires (sent once). */
  expiryWarnedAt?: string;
  /** When the holder was last warned that the key is idle; a use after it starts a new idle spell. */
  idleWarnedAt?: string;
  /** Who approved so far, in order (quorum); the last one is also `decidedBy` once APPROVED. */
  approvals?: string[];
  /** How many of the card's reminders have been sent. */
  remindersSent?: number;
  /** Created by `create --break-glass`: issued without approval, reviewed afterwards. */
  breakGlass?: boolean;
  reviewedBy?: string;
  reviewedAt?: string;
}

/** How many of a person's own requests `status` and App Home list, newest first (one block each). */
export const OWN_REQUESTS_SHOWN = 20;

/** An approval that can still be turned into a key right now. */
export function isUsableApproval(request: AccessRequest, now: Date): boolean {
  return request.state === 'APPROVED' && request.dueAt !== undefined && request.dueAt > now.toISOString();
}

export function isPastDue(request: AccessRequest, now: Date): boolean {
  return request.dueAt !== undefined && request.dueAt <= now.toISOString();
}
