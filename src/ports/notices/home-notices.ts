import type { AccessRequest } from '../../domain/access-request.js';
import type { ReviewerView } from './review-notices.js';

/** What one person's App Home shows. */
export interface HomeFacts {
  /** Their own latest requests and keys. */
  own: readonly AccessRequest[];
  /** For an approver: the pending requests they may decide; `complete` false when more were not read. */
  toDecide?: { requests: readonly AccessRequest[]; complete: boolean };
  /** When each of their issued keys was last used, by key id; a key absent here is not shown a use. */
  lastUsed: ReadonlyMap<string, Date | undefined>;
  /** For a reviewer: the open access reviews with keys waiting for them. */
  reviews?: readonly ReviewerView[];
}

/** App Home. See ../notifier.ts. */
export type HomeNotices = {
  /** Draws the person's Home tab anew. A failure is thrown. */
  homeReady(userId: string, facts: HomeFacts): Promise<void>;
};
