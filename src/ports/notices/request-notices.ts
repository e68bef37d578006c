import type { AccessRequest, MessageRef } from '../../domain/access-request.js';

/** What the approvers' card shows beside the request itself. */
export interface ApprovalCardFacts {
  keyCount?: number;
  approvers: readonly string[];
  /** Quorum (approvalsRequired); above 1 the card shows the progress and keeps its buttons until met. */
  approvalsRequired?: number;
}

/** The approvers' card through a request's life. */
export interface RequestNotices {
  /** Posts the card with Approve and Deny. Throws MessengerError: the requester is told it did not go out. */
  approvalRequested(request: AccessRequest, facts: ApprovalCardFacts): Promise<MessageRef>;
  /** The card shows a counted approval, buttons kept. A failure is logged, never thrown. */
  approvalProgressed(request: AccessRequest, facts: ApprovalCardFacts): Promise<void>;
  /** The card shows how the request ended, buttons gone. A failure is logged, never thrown. */
  requestSettled(request: AccessRequest): Promise<void>;
}
