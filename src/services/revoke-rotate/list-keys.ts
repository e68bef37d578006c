import type { Job } from '../../ports/job-queue.js';
import { keyList } from '../../slack/messages/key-list.js';
import { bucketNotAllowed } from '../../slack/messages/requester-replies.js';
import type { ServiceDependencies } from '../dependencies.js';
import { explainFailure } from '../failures.js';
import { reply } from '../replies.js';

type ListJob = Extract<Job, { kind: 'list' }>;

/**
 * `/bucket-key list <bucket>`: Lightsail's view of the keys, joined with the bot's records. A bucket
 * that left the policy is still listed while the bot's keys live on it, in the region they were
 * issued in, so its keys can be found and revoked.
 */
export async function listKeys(deps: ServiceDependencies, job: ListJob): Promise<void> {
  const region = await regionOf(deps, job.bucket);
  if (!region) return reply(deps, job, bucketNotAllowed(job.bucket), { replaceOriginal: true });
  try {
    const keys = await deps.keys.listKeys(job.bucket, region);
    const records = await deps.requests.recordsOfKeys(
      job.bucket,
      keys.map((key) => key.accessKeyId),
    );
    return reply(deps, job, keyList(job.bucket, region, keys, records), { replaceOriginal: true });
  } catch (error) {
    const message = await explainFailure(deps, error, { bucket: job.bucket, region, action: 'list' });
    return reply(deps, job, message, { replaceOriginal: true });
  }
}

/** Where the bot looks after a bucket: its live grants' region first, else the policy's. */
export async function regionOf(deps: ServiceDependencies, bucket: string): Promise<string | undefined> {
  const live = await deps.grants.live(deps.clock.now().toISOString());
  return live.find((grant) => grant.bucket === bucket)?.region ?? deps.policy.rulesFor(bucket)?.region;
}
