import type { AccessRequest } from '../../domain/access-request.js';
import type { NewAuditEvent } from '../../domain/audit-event.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';

/** Appends an audit event; a failure is logged loudly but does not undo what already happened. */
export async function record(deps: ServiceDependencies, event: NewAuditEvent): Promise<void> {
  try {
    await deps.audit.append(event);
  } catch (error) {
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
