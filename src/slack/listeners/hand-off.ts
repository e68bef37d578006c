import { randomBytes } from 'node:crypto';
import type { Job } from '../../ports/job-queue.js';
import type { ListenerContext } from './context.js';

/** Enqueues a job; on failure returns a reference for the user and logs why. */
export async function handOff(
  ctx: ListenerContext,
  job: Job,
): Promise<{ ok: true } | { ok: false; ref: string }> {
  try {
    await ctx.jobs.enqueue(job);
    return { ok: true };
  } catch (error) {
    const ref = randomBytes(4).toString('hex');
    ctx.logger.error('could not hand off a job', { ref, kind: job.kind, error: (error as Error).message });
    return { ok: false, ref };
  }
}
