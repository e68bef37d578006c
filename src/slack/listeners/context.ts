import type { BucketCatalog } from '../../ports/bucket-catalog.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { Logger } from '../../ports/logger.js';

/** What listeners may touch: they parse, hand off a job, and acknowledge. Nothing slow. */
export interface ListenerContext {
  jobs: JobQueue;
  logger: Logger;
  /** The requestable buckets, for the request modal's picker and its submission (one cached read). */
  catalog: { read(): Promise<BucketCatalog | undefined> };
}
