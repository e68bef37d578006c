import type { AccessRequest, MessageRef } from '../../domain/access-request.js';
import type { Grant } from '../../domain/grant.js';

/** A key Revoke now could not delete, and Lightsail's error for it. */
export interface SurvivingKey {
  accessKeyId: string;
  error: string;
}

/** What the approvers see of a break-glass. See ../notifier.ts. */
export type BreakGlassNotices = {
  /**
   * The alert in the approvers' channel, with Reviewed and Revoke now: the first, or the daily
   * `repost` of one nobody reviewed, listing `keys` (default: the request's own). Returns the post;
   * a failure is thrown.
   */
  breakGlassAlert(
    request: AccessRequest,
    facts?: { repost?: boolean; keys?: readonly string[] },
  ): Promise<MessageRef>;
  /**
   * The posted alert after Revoke now left keys alive: it keeps its buttons and says what survives.
   * Nothing when no alert was posted; a failure is logged, never thrown.
   */
  breakGlassRevokeUnfinished(request: AccessRequest, surviving: readonly SurvivingKey[]): Promise<void>;
  /**
   * The posted alert once reviewed, without buttons, with the keys Revoke now `deleted` (if it was
   * pressed). Nothing when no alert was posted; a failure is logged, never thrown.
   */
  breakGlassReviewed(
    request: AccessRequest,
    review: Pick<Grant, 'reviewedBy' | 'reviewedAt'>,
    deleted?: readonly string[],
  ): Promise<void>;
};
