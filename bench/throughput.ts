import { seedApproval } from './seed.js';
import { addUsers, startBenchStack } from './stack.js';

export interface Throughput {
  requests: number;
  requestsPerSecond: number;
  errors: number;
  keysCreated: number;
  approvals: number;
}

/**
 * `requests` creates from `users` people, `inFlight` at a time, each on an approval on record (its
 * own bucket, so Lightsail's two-key limit is not what is measured). Counted until every job is done.
 */
export async function measureThroughput(
  requests: number,
  users: number,
  inFlight: number,
): Promise<Throughput> {
  const b = await startBenchStack();
  const { stack, bot } = b;
  const people = Array.from({ length: users }, (_, i) => `UTHR${String(i).padStart(6, '0')}`);
  addUsers(stack, people);
  const work = Array.from({ length: requests }, (_, i) => ({
    user: people[i % users] as string,
    bucket: `tp-bucket-${i}`,
  }));
  for (const { user, bucket } of work) {
    stack.lightsail.state.addBucket(bucket);
    await seedApproval(b.deps, user, bucket);
  }
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < work.length) {
        const item = work[next++] as { user: string; bucket: string };
        // A request that fails outright (a reset connection on a loaded machine) is one more error, not the end of the run.
        const status = await b.command(item.user, `create ${item.bucket}`).catch(() => 0);
        if (status !== 200) errors++;
      }
    }),
  );
  await bot.idle();
  const seconds = (performance.now() - started) / 1000;
  const keysCreated = work.reduce(
    (sum, { bucket }) => sum + (stack.lightsail.state.buckets.get(bucket)?.keys.length ?? 0),
    0,
  );
  const delivered = stack.slack.messages.filter((m) => m.via === 'chat.postEphemeral').length;
  errors += b.errors.length + (delivered === keysCreated ? 0 : Math.abs(delivered - keysCreated));
  await b.stop();
  return { requests, requestsPerSecond: requests / seconds, errors, keysCreated, approvals: requests };
}
