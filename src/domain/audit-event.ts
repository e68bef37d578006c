/** Every decision and side effect the bot records. The audit log never holds a secret. */
export type AuditEventType =
  | 'request_created'
  | 'request_approved'
  | 'request_denied'
  | 'request_expired'
  | 'request_cancelled'
  | 'refused_cancel'
  // An audit export, recorded as it starts and as each part leaves; `audit_exported` ends it.
  | 'audit_export_started'
  | 'audit_export_part'
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
  | 'refused_issue'
  | 'forged_job_refused'
  // Grants: a key's lineage
  | 'grant_revoked'
  | 'bucket_delisted_with_keys'
  // Key lifecycle
  | 'key_rotated'
  | 'old_key_retired'
  | 'refused_rotate'
  | 'key_expiry_warned'
  | 'key_idle_warned'
  | 'key_idle_deleted'
  // Approval rules
  | 'approval_given'
  | 'reminder_sent'
  | 'break_glass_issued'
  | 'break_glass_refused'
  | 'break_glass_reviewed'
  | 'refused_break_glass_review'
  | 'break_glass_review_failed'
  // Audit evidence
  | 'audit_exported'
  // Policy as data: each version of the SSM parameter, applied or refused
  | 'policy_changed'
  | 'policy_rejected'
  /** A signed checkpoint of the chain was stored under Object Lock. */
  | 'checkpoint_signed'
  /** An event whose append failed was appended from the outbox (the event itself precedes this one). */
  | 'audit_append_retried'
  // Access reviews
  | 'review_opened'
  | 'review_kept'
  | 'review_revoked'
  | 'review_refused_own_key'
  | 'review_lapsed_revoked'
  | 'review_closed';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditEvent {
  /** Position in the one hash chain of the log: 1, 2, 3… */
  seq: number;
  /** The previous event's `hash` (GENESIS_HASH for seq 1). */
  prevHash: string;
  /** SHA-256 over the event's canonical form (src/domain/audit-chain.ts). */
  hash: string;
  /** Time-ordered and unique: `<ISO time>#<random>`; the indexes sort by it. */
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

export type NewAuditEvent = Omit<AuditEvent, 'eventId' | 'at' | 'seq' | 'prevHash' | 'hash'>;

const LABELS: Record<AuditEventType, string> = {
  request_created: 'requested a key',
  request_approved: 'approved',
  request_denied: 'denied',
  request_expired: 'request expired undecided',
  request_cancelled: 'request cancelled by the requester',
  refused_cancel: "refused: cancel of someone else's request",
  audit_export_started: 'audit export started',
  audit_export_part: 'audit export part sent',
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
  refused_issue: "refused: someone else's approval",
  grant_revoked: 'grant revoked, with every key under it',
  bucket_delisted_with_keys: 'bucket left the policy while holding keys',
  forged_job_refused: 'refused: job without a valid Slack signature',
  key_rotated: 'key rotated',
  old_key_retired: 'old key retired',
  refused_rotate: 'refused: rotate not allowed',
  key_expiry_warned: 'holder warned before expiry',
  key_idle_warned: 'holder warned of an idle key',
  key_idle_deleted: 'idle key deleted',
  approval_given: 'approved (quorum not yet met)',
  reminder_sent: 'reminder sent',
  break_glass_issued: 'break-glass key issued without approval',
  break_glass_refused: 'refused: break-glass not allowed',
  break_glass_reviewed: 'break-glass reviewed',
  refused_break_glass_review: 'refused: break-glass review not allowed',
  break_glass_review_failed: 'break-glass revoke failed: review left open',
  audit_exported: 'audit log exported',
  policy_changed: 'policy version applied',
  policy_rejected: 'policy version refused',
  checkpoint_signed: 'checkpoint signed',
  audit_append_retried: 'event appended late, from the outbox',
  review_opened: 'access review opened',
  review_kept: 'kept in an access review',
  review_revoked: 'revoked in an access review',
  review_refused_own_key: 'refused: review of own key',
  review_lapsed_revoked: 'not kept by the review deadline: revoked',
  review_closed: 'access review closed',
};

export function describeEventType(type: AuditEventType): string {
  return LABELS[type];
}
