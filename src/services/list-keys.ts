import type { Job } from '../ports/job-queue.js';
import { keyList } from '../slack/messages/key-list.js';
import { bucketNotAllowed } from '../slack/messages/requester-replies.js';
import type { ServiceDependencies } from './dependencies.js';
import { explainFailure } from './failures.js';
import { reply } from './replies.js';

type ListJob = Extract<Job, { kind: 'list' }>;

/** `/bucket-key list <bucket>`: Lightsail's view of the keys, joined with the bot's records. */
export async function listKeys(deps: ServiceDependencies, job: ListJob): Promise<void> {
  const rules = deps.policy.rulesFor(job.bucket);
  if (!rules) return reply(deps, job, bucketNotAllowed(job.bucket), { replaceOriginal: true });
  try {
    const keys = await deps.keys.listKeys(job.bucket, rules.region);
    const records = await deps.requests.recordsOfKeys(
      job.bucket,
      keys.map((key) => key.accessKeyId),
    );
    return reply(deps, job, keyList(job.bucket, rules.region, keys, records), { replaceOriginal: true });
  } catch (error) {
    const message = await explainFailure(deps, error, {
      bucket: job.bucket,
      region: rules.region,
      action: 'list',
    });
    return reply(deps, job, message, { replaceOriginal: true });
  }
}
