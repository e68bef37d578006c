import type { AuditEvent, AuditEventType } from './audit-event.js';

/** The CloudWatch namespace every metric of the bot is published in. */
export const METRICS_NAMESPACE = 'BucketKey';

/** Every metric the bot emits. The alarms in serverless.yml name some of them: keep both in step. */
export const METRIC = {
  requests: 'Requests',
  approvals: 'Approvals',
  denials: 'Denials',
  breakGlassUses: 'BreakGlassUses',
  keysIssued: 'KeysIssued',
  keysRevoked: 'KeysRevoked',
  issueFailures: 'IssueFailures',
  secretsNotDelivered: 'SecretsNotDelivered',
  repairs: 'Repairs',
  unknownKeysFound: 'UnknownKeysFound',
  forgedJobsRefused: 'ForgedJobsRefused',
  timeToDecision: 'TimeToDecision',
  sweepDuration: 'SweepDuration',
  /** An append failed and its event went to the outbox (it is appended later, as `audit_append_retried`). */
  auditAppendFailures: 'AuditAppendFailures',
  /** Neither the chain nor the outbox took an event: the act it describes is not on the chain. */
  auditEventsLost: 'AuditEventsLost',
  /** An outbox event appended late. */
  auditAppendsRetried: 'AuditAppendsRetried',
  checkpointsSigned: 'CheckpointsSigned',
  /** The checkpoint writer refused to sign (the chain since the last checkpoint is broken) or failed. */
  checkpointFailures: 'CheckpointFailures',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Dimensions of a count: few names, each with a bounded set of values (CloudWatch bills per combination). */
export type MetricDimensions = Readonly<Record<string, string>>;

export interface CountOf {
  name: MetricName;
  dimensions?: MetricDimensions;
}

const COUNTED: Partial<Record<AuditEventType, MetricName>> = {
  request_created: METRIC.requests,
  request_approved: METRIC.approvals,
  request_denied: METRIC.denials,
  break_glass_issued: METRIC.breakGlassUses,
  key_issued: METRIC.keysIssued,
  key_revoked: METRIC.keysRevoked,
  key_expired_deleted: METRIC.keysRevoked,
  key_idle_deleted: METRIC.keysRevoked,
  old_key_retired: METRIC.keysRevoked,
  key_issue_failed: METRIC.issueFailures,
  delivery_failed_key_deleted: METRIC.secretsNotDelivered,
  issuing_repaired: METRIC.repairs,
  unknown_key_found: METRIC.unknownKeysFound,
  audit_append_retried: METRIC.auditAppendsRetried,
  checkpoint_signed: METRIC.checkpointsSigned,
};

/**
 * The Lightsail exceptions (and our own failure names, see issue-key.ts) an issue failure is counted
 * by. Anything else is `Other`: a dimension value is a new metric, so its values must stay few.
 */
export const ISSUE_FAILURE_EXCEPTIONS: readonly string[] = [
  'NotFoundException',
  'InvalidInputException',
  'AccessDeniedException',
  'UnauthenticatedException',
  'ServiceException',
  'RegionSetupInProgressException',
  'AccountSetupInProgressException',
  'OperationFailureException',
  'TimeoutError',
  'KeyLimitReached',
  'NotRecordedAfterDelivery',
];

/** The count an appended audit event stands for, if any. */
export function countOfAuditEvent(event: Pick<AuditEvent, 'type' | 'detail'>): CountOf | undefined {
  const name = COUNTED[event.type];
  if (!name) return undefined;
  if (event.type !== 'key_issue_failed') return { name };
  return { name, dimensions: { Exception: issueFailureException(event.detail) } };
}

/** `ServiceException (outcome unknown)` → `ServiceException`; unknown names → `Other`. */
export function issueFailureException(detail: string | undefined): string {
  const name = (detail ?? '').split(' ')[0] ?? '';
  return ISSUE_FAILURE_EXCEPTIONS.includes(name) ? name : 'Other';
}
