import { type AccessRequest, OWN_REQUESTS_SHOWN } from '../../domain/access-request.js';
import type { Job } from '../../ports/job-queue.js';
import type { ServiceDependencies } from '../dependencies.js';

type StatusJob = Extract<Job, { kind: 'status' }>;

/** One more than is shown, so the answer can say that older requests exist. */
export const STATUS_LENGTH = OWN_REQUESTS_SHOWN + 1;

export type StatusOutcome = { kind: 'own_requests'; requests: AccessRequest[] };

/** `/bucket-key status`: the caller's own requests and keys, newest first. */
export async function showStatus(deps: ServiceDependencies, job: StatusJob): Promise<StatusOutcome> {
  return { kind: 'own_requests', requests: await deps.requests.listByRequester(job.userId, STATUS_LENGTH) };
}
