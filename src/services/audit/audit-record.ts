import type { AccessRequest } from '../../domain/access-request.js';
import type { NewAuditEvent } from '../../domain/audit-event.js';
import { METRIC } from '../../domain/metric-names.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/**
 * Hands an audit event over for the chain: appended now, or kept in the outbox and appended by the
 * sweeper's drain (services/audit/outbox-audit-log.ts), so a failed append loses nothing. Only when
 * the outbox fails too is the event lost: that is logged and counted (`AuditEventsLost`, alarmed),
 * but the change it describes has already happened and is not undone here. Writing the event in the
 * same conditional write as the change closes that gap (docs/audit-and-lifecycle.md).
 */
export async function record(deps: ServiceDependencies, event: NewAuditEvent): Promise<void> {
  try {
    await deps.audit.handOver(event);
  } catch (error) {
    deps.metrics.count(METRIC.auditEventsLost);
    deps.logger.error('audit append failed', { event, error: describeError(error) });
  }
}

/** The fields every event about a request carries, built in this one place. */
export function aboutRequest(
  request: Pick<AccessRequest, 'requesterId' | 'bucket' | 'region' | 'requestId'>,
): Required<Pick<NewAuditEvent, 'subjectUserId' | 'bucket' | 'region' | 'requestId'>> {
  return {
    subjectUserId: request.requesterId,
    bucket: request.bucket,
    region: request.region,
    requestId: request.requestId,
  };
}
