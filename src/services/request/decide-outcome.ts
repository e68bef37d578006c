import type { AccessRequest } from '../../domain/access-request.js';

/** What an approver's click came to. */
export type DecideOutcome =
  | { kind: 'unknown_request' }
  /** Refused and audited: the person does not approve this bucket. */
  | { kind: 'not_an_approver'; request: AccessRequest }
  /** Refused and audited: nobody approves their own request. */
  | { kind: 'self_approval_refused' }
  /** Decided, cancelled or expired before this click counted (`request`: as it is now, if it exists). */
  | { kind: 'already_decided'; request: AccessRequest | undefined }
  | { kind: 'already_approved_by_you'; request: AccessRequest; approvalsRequired: number }
  /** Counted towards the quorum; more approvals are needed. */
  | { kind: 'approval_counted'; request: AccessRequest; approvalsRequired: number }
  /** This click decided the request: the card shows it; the requester is to be told. */
  | { kind: 'request_decided'; request: AccessRequest; approved: boolean; approvalTtlMs: number };
