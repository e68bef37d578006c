import type { AccessRequest } from './access-request.js';

/**
 * A grant is the trust a key is issued under: one approval (its approvers, as many as the quorum
 * asked for) or one break-glass. It fixes when the access ends, once, when its first key is claimed.
 * Every key of the grant lives at most that long:
 *
 *   approval or break-glass ─first claim→ ACTIVE ─revoke→ REVOKED
 *                                            │
 *                                            └─ rotate: another key under the same grant, same expiry
 *
 * A rotation never makes a grant; a new approval does. Revoking a grant deletes every key it covers.
 */
export type GrantState = 'ACTIVE' | 'REVOKED';

export interface Grant {
  /** The id of the request that was approved (or broke the glass): the grant's first request. */
  grantId: string;
  holderId: string;
  bucket: string;
  region: string;
  /** Who approved, in order; empty for a break-glass. */
  approvers: string[];
  breakGlass?: boolean;
  /** When the approval completed, or the glass was broken. */
  approvedAt: string;
  /** When the access ends, for every key of the grant; absent: the bucket sets no maximum age. */
  expiresAt?: string;
  state: GrantState;
  /** Every request whose key is under this grant, the first one first. */
  requestIds: string[];
  revokedBy?: string;
  revokedAt?: string;
  /** A break-glass review: who closed it, when, and whether they revoked the grant. */
  reviewedBy?: string;
  reviewedAt?: string;
  reviewRevoked?: boolean;
  /** When the approvers were told that its bucket left the policy while the grant was live. */
  delistNoticedAt?: string;
}

/** A grant whose keys may still be used and rotated. */
export function isLiveGrant(grant: Grant, now: Date): boolean {
  return grant.state === 'ACTIVE' && (grant.expiresAt === undefined || grant.expiresAt > now.toISOString());
}

/** The grant a request's key belongs to; a request made before grants existed is a grant of its own. */
export function grantIdOf(request: Pick<AccessRequest, 'grantId' | 'requestId'>): string {
  return request.grantId ?? request.requestId;
}

/** The grant's first request is the one that was approved; the others are rotations under it. */
export function isFirstOfGrant(request: Pick<AccessRequest, 'grantId' | 'requestId'>): boolean {
  return grantIdOf(request) === request.requestId;
}

/**
 * The grant a first claim opens: the approvers of its request and an expiry of `lifetimeMs`
 * from now (the lesser of the bucket's maximum age and the lifetime asked for), or none.
 */
export function grantFromApproval(request: AccessRequest, now: Date, lifetimeMs: number | undefined): Grant {
  // Nobody approves their own request: a self-decided record (a break-glass) names no approver.
  const named = request.approvals ?? (request.decidedBy ? [request.decidedBy] : []);
  const approvers = request.breakGlass ? [] : named.filter((id) => id !== request.requesterId);
  return {
    grantId: request.requestId,
    holderId: request.requesterId,
    bucket: request.bucket,
    region: request.region,
    approvers,
    ...(request.breakGlass ? { breakGlass: true } : {}),
    approvedAt: request.decidedAt ?? request.createdAt,
    ...(lifetimeMs === undefined ? {} : { expiresAt: new Date(now.getTime() + lifetimeMs).toISOString() }),
    state: 'ACTIVE',
    requestIds: [request.requestId],
  };
}

/** A grant for a key issued before grants existed, rebuilt from its request as it was recorded. */
export function grantFromLegacyRequest(request: AccessRequest): Grant {
  return {
    ...grantFromApproval(request, new Date(request.issuedAt ?? request.createdAt), undefined),
    ...(request.keyExpiresAt ? { expiresAt: request.keyExpiresAt } : {}),
    ...(request.reviewedBy ? { reviewedBy: request.reviewedBy } : {}),
    ...(request.reviewedAt ? { reviewedAt: request.reviewedAt } : {}),
  };
}
