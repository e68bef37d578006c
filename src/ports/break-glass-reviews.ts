/**
 * Break-glass reviews waiting to be posted: one per break-glass grant, keyed by its id, posted to the
 * approvers whenever its time comes, until an approver reviews it.
 */
export interface BreakGlassReviews {
  /** Files a break-glass for review: its alert is posted whenever `dueAt` passes, until reviewed. */
  schedule(requestId: string, dueAt: string): Promise<void>;
  /** Break-glass reviews whose re-post is due, oldest first. */
  due(now: string, limit: number): Promise<Array<{ requestId: string; dueAt: string }>>;
  /**
   * Moves a due review from `from` to `next`. Throws StateConflictError (with the review as it is)
   * when another sweep took it first.
   */
  take(requestId: string, from: string, next: string): Promise<void>;
  /** The review is done (or its request is gone): it is never re-posted. */
  end(requestId: string): Promise<void>;
}
