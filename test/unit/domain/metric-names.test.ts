import { describe, expect, it } from 'vitest';
import { countOfAuditEvent, issueFailureException } from '../../../src/domain/metric-names.js';

describe('the metric an audit event stands for', () => {
  it.each([
    ['request_created', 'Requests'],
    ['request_approved', 'Approvals'],
    ['request_denied', 'Denials'],
    ['break_glass_issued', 'BreakGlassUses'],
    ['key_issued', 'KeysIssued'],
    ['key_revoked', 'KeysRevoked'],
    ['key_expired_deleted', 'KeysRevoked'],
    ['key_idle_deleted', 'KeysRevoked'],
    ['old_key_retired', 'KeysRevoked'],
    ['delivery_failed_key_deleted', 'SecretsNotDelivered'],
    ['issuing_repaired', 'Repairs'],
    ['unknown_key_found', 'UnknownKeysFound'],
    ['audit_append_retried', 'AuditAppendsRetried'],
    ['checkpoint_signed', 'CheckpointsSigned'],
  ] as const)('%s counts %s', (type, name) => {
    expect(countOfAuditEvent({ type })).toEqual({ name });
  });

  it('counts nothing for events that are no metric', () => {
    expect(countOfAuditEvent({ type: 'refused_not_approver' })).toBeUndefined();
    expect(countOfAuditEvent({ type: 'approval_given' })).toBeUndefined();
    // Counted once per refused invocation where it happens: the event stands for a minute's worth.
    expect(countOfAuditEvent({ type: 'forged_job_refused' })).toBeUndefined();
  });

  it('counts an issue failure by its Lightsail exception', () => {
    expect(countOfAuditEvent({ type: 'key_issue_failed', detail: 'AccessDeniedException' })).toEqual({
      name: 'IssueFailures',
      dimensions: { Exception: 'AccessDeniedException' },
    });
  });

  it('keeps the exception dimension bounded', () => {
    expect(issueFailureException('ServiceException (outcome unknown)')).toBe('ServiceException');
    expect(issueFailureException('KeyLimitReached')).toBe('KeyLimitReached');
    expect(issueFailureException('HTTP 504 (outcome unknown)')).toBe('Other');
    expect(issueFailureException('SomethingNewException')).toBe('Other');
    expect(issueFailureException(undefined)).toBe('Other');
  });
});
