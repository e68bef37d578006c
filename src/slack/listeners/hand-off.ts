import { randomBytes } from 'node:crypto';
import type { Job, SignedSlackRequest } from '../../ports/job-queue.js';
import type { ListenerContext } from './context.js';

/** Enqueues a job with the signed Slack request it came from; on failure returns a reference for the user. */
export async function handOff(
  ctx: ListenerContext,
  job: Job,
  signed: SignedSlackRequest | undefined,
): Promise<{ ok: true } | { ok: false; ref: string }> {
  try {
    await ctx.jobs.enqueue(job, signed);
    return { ok: true };
  } catch (error) {
    const ref = randomBytes(4).toString('hex');
    ctx.logger.error('could not hand off a job', { ref, kind: job.kind, error: (error as Error).message });
    return { ok: false, ref };
  }
}

/** The signed request a receiver put in Bolt's context (none under Socket Mode), and its time in seconds. */
export function signedRequestIn(context: Record<string, unknown>): {
  signed: SignedSlackRequest | undefined;
  seconds: number;
} {
  const signed = context.slackRequest as SignedSlackRequest | undefined;
  const seconds = Number(signed?.timestamp);
  return {
    signed,
    seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : Math.floor(Date.now() / 1000),
  };
}
