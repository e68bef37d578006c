import type { Grant } from '../domain/grant.js';

/**
 * Durable grants (see domain/grant.ts). Every change is one conditional write; a lost one throws
 * GrantConflictError carrying the grant as it is now.
 */
export interface GrantStore {
  /** The grant as stored now (a strongly consistent read). */
  get(grantId: string): Promise<Grant | undefined>;
  /**
   * Stores a new grant, or returns the one already stored under its id (a first claim tried again):
   * its expiry was fixed by the first claim and stays.
   */
  open(grant: Grant): Promise<Grant>;
  /** ACTIVE and not expired at `at` → `requestId` joins the grant (a rotation's key). */
  attach(grantId: string, requestId: string, at: string): Promise<Grant>;
  /**
   * ACTIVE → REVOKED; a grant revoked already is returned as it is, so a revoke can be finished.
   * It stays among the unfinished revocations until finishRevocation.
   */
  revoke(grantId: string, by: { userId: string; at: string }): Promise<Grant>;
  /** Every key of the revoked grant is gone: the sweeper need not finish it. */
  finishRevocation(grantId: string): Promise<void>;
  /** Revoked grants whose keys may not all be gone yet (a failed delete, a dead worker), oldest first. */
  unfinishedRevocations(limit: number): Promise<Grant[]>;
  /** A break-glass grant not reviewed yet → reviewed by this approver. */
  markReviewed(grantId: string, review: { by: string; at: string; revoked: boolean }): Promise<Grant>;
  /** Grants that are ACTIVE and not expired at `now` (all pages): the keys the bot looks after. */
  live(now: string): Promise<Grant[]>;
  /**
   * Notes that the approvers are being told the grant's bucket left the policy. Throws
   * GrantConflictError (with the grant as it is) when another sweep noted it first, so the approvers
   * are told once.
   */
  noteDelisted(grantId: string, at: string): Promise<void>;
  /** The notice could not be posted: the next sweep tries again. */
  forgetDelisted(grantId: string, at: string): Promise<void>;
}
