/**
 * A request's life; each arrow is one conditional write in the RequestStore.
 *
 *   PENDING ─approve→ APPROVED ─claim→ ISSUING ─delivered→ ISSUED ─revoke/expire→ REVOKED
 *      ├─deny→ DENIED   └─ttl→ EXPIRED    └─delivery failed: key deleted→ APPROVED
 *      ├─ttl→ EXPIRED
 *      └─cancel (by the requester)→ CANCELLED
 */
export type RequestState =
  | 'PENDING'
  | 'APPROVED'
  | 'DENIED'
  | 'ISSUING'
  | 'ISSUED'
  | 'REVOKED'
  | 'EXPIRED'
  | 'CANCELLED';

/** States in which a person and bucket already have a request under way. */
export const OPEN_STATES: readonly RequestState[] = ['PENDING', 'APPROVED', 'ISSUING'];

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
}

export function isOpen(request: AccessRequest): boolean {
  return OPEN_STATES.includes(request.state);
}

/** An approval that can still be turned into a key right now. */
export function isUsableApproval(request: AccessRequest, now: Date): boolean {
  return request.state === 'APPROVED' && request.dueAt !== undefined && request.dueAt > now.toISOString();
}

export function isPastDue(request: AccessRequest, now: Date): boolean {
  return request.dueAt !== undefined && request.dueAt <= now.toISOString();
}
