import type { ServiceDependencies } from './dependencies.js';

/** The buckets the bot watches: the ones the policy file names; without a policy, every bucket in the default region. */
export async function managedBuckets(
  deps: ServiceDependencies,
): Promise<Array<{ bucket: string; region: string }>> {
  const listed = deps.policy.listedBuckets();
  if (listed.length > 0) return listed;
  const region = deps.settings.defaultRegion;
  return (await deps.keys.listBuckets(region)).map((bucket) => ({ bucket, region }));
}
