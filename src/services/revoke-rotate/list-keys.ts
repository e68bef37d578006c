import type { AccessRequest } from '../../domain/access-request.js';
import type { Job } from '../../ports/job-queue.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { ServiceDependencies } from '../dependencies.js';
import type { FailedCall } from '../outcome.js';

type ListJob = Extract<Job, { kind: 'list' }>;

/** What `/bucket-key list` found. */
export type ListOutcome =
  | { kind: 'bucket_not_allowed'; bucket: string }
  | { kind: 'keys_listed'; bucket: string; region: string; keys: BucketKey[]; records: AccessRequest[] }
  | FailedCall;

/**
 * `/bucket-key list <bucket>`: Lightsail's view of the keys, joined with the bot's records. A bucket
 * that left the policy is still listed while the bot's keys live on it, in the region they were
 * issued in, so its keys can be found and revoked.
 */
export async function listKeys(deps: ServiceDependencies, job: ListJob): Promise<ListOutcome> {
  const region = await regionOf(deps, job.bucket);
  if (!region) return { kind: 'bucket_not_allowed', bucket: job.bucket };
  try {
    const keys = await deps.keys.listKeys(job.bucket, region);
    const records = await deps.requests.recordsOfKeys(
      job.bucket,
      keys.map((key) => key.accessKeyId),
    );
    return { kind: 'keys_listed', bucket: job.bucket, region, keys, records };
  } catch (error) {
    return { kind: 'failed', error, where: { bucket: job.bucket, region, action: 'list' } };
  }
}

/** Where the bot looks after a bucket: its live grants' region first, else the policy's. */
export async function regionOf(deps: ServiceDependencies, bucket: string): Promise<string | undefined> {
  const live = await deps.grants.live(deps.clock.now().toISOString());
  return live.find((grant) => grant.bucket === bucket)?.region ?? deps.policy.rulesFor(bucket)?.region;
}
