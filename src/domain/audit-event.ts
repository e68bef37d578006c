/** Every decision and side effect the bot records. The audit log never holds a secret. */
export type AuditEventType =
  | 'request_created'
  | 'request_approved'
  | 'request_denied'
  | 'request_expired'
  | 'approval_expired'
  | 'key_issued'
  | 'key_issue_failed'
  | 'key_issue_refused_policy'
  | 'delivery_failed_key_deleted'
  | 'issuing_repaired'
  | 'key_revoked'
  | 'key_expired_deleted'
  | 'unknown_key_found'
  | 'refused_not_approver'
  | 'refused_self_approval'
  | 'refused_not_auditor'
  | 'refused_revoke'
  | 'forged_job_refused';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEvent {
  /** Time-ordered and unique: `<ISO time>#<random>`. */
  eventId: string;
  at: string;
  type: AuditEventType;
  outcome: AuditOutcome;
  /** The Slack user who acted, or `bucket-key` for the bot itself (sweeper, repairs). */
  actorId: string;
  subjectUserId?: string;
  bucket?: string;
  region?: string;
  requestId?: string;
  accessKeyId?: string;
  /** On an issued key: who approved it. */
  approverId?: string;
  /** How the actor qualified for a decision: their own user id, or the user group (S…) that made them an approver. */
  via?: string;
  /** Why: the user's reason, a Lightsail exception name, a Slack error code. */
  detail?: string;
}

export const SYSTEM_ACTOR = 'bucket-key';

export type NewAuditEvent = Omit<AuditEvent, 'eventId' | 'at'>;

const LABELS: Record<AuditEventType, string> = {
  request_created: 'requested a key',
  request_approved: 'approved',
  request_denied: 'denied',
  request_expired: 'request expired undecided',
  approval_expired: 'approval expired unused',
  key_issued: 'key issued',
  key_issue_failed: 'key issue failed',
  key_issue_refused_policy: 'refused: bucket no longer allowed by the policy',
  delivery_failed_key_deleted: 'secret not delivered, key deleted',
  issuing_repaired: 'interrupted issue repaired',
  key_revoked: 'key revoked',
  key_expired_deleted: 'key expired and deleted',
  unknown_key_found: 'key without a record found',
  refused_not_approver: 'refused: not an approver',
  refused_self_approval: 'refused: self-approval',
  refused_not_auditor: 'refused: not an auditor',
  refused_revoke: 'refused: revoke not allowed',
  forged_job_refused: 'refused: job without a valid Slack signature',
};

export function describeEventType(type: AuditEventType): string {
  return LABELS[type];
}
