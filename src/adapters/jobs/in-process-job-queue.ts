import type { Job, JobQueue, SignedSlackRequest } from '../../ports/job-queue.js';

/**
 * The local job port: runs each job after the current request has been answered, as the Lambda worker
 * would, with the signed request it came from. `idle()` lets tests and the sweeper wait for quiet.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly handler: (job: Job, signed: SignedSlackRequest | undefined) => Promise<void>,
    private readonly onError: (error: unknown, job: Job) => void,
  ) {}

  async enqueue(job: Job, signed?: SignedSlackRequest): Promise<void> {
    const handler = this.handler;
    // A copy through JSON, as a Lambda payload would be: no shared references survive.
    const payload = JSON.parse(JSON.stringify(job)) as Job;
    const envelope = signed ? (JSON.parse(JSON.stringify(signed)) as SignedSlackRequest) : undefined;
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => handler(payload, envelope))
      .catch((error: unknown) => this.onError(error, payload))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves when no job is running, including jobs enqueued by jobs. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
