import type { Job } from '../../ports/job-queue.js';
import { REQUESTS_SHOWN, statusMessage } from '../../slack/messages/status.js';
import type { ServiceDependencies } from '../dependencies.js';
import { reply } from '../replies.js';

type StatusJob = Extract<Job, { kind: 'status' }>;

/** One more than is shown, so the message can say that older requests exist. */
export const STATUS_LENGTH = REQUESTS_SHOWN + 1;

/** `/bucket-key status`: the caller's own requests and keys, newest first. */
export async function showStatus(deps: ServiceDependencies, job: StatusJob): Promise<void> {
  const requests = await deps.requests.listByRequester(job.userId, STATUS_LENGTH);
  return reply(deps, job, statusMessage(requests), { replaceOriginal: true });
}
