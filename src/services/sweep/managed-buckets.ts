import type { ServiceDependencies } from '../dependencies.js';

/**
 * The buckets the bot watches: the ones the policy file names (without a policy, every bucket in the
 * default region), and every bucket that holds a live grant, in the region its keys were issued in,
 * whether or not the policy still lists it.
 */
export async function managedBuckets(
  deps: ServiceDependencies,
): Promise<Array<{ bucket: string; region: string }>> {
  const listed = deps.policy.listedBuckets();
  const region = deps.settings.defaultRegion;
  const named =
    listed.length > 0 ? listed : (await deps.keys.listBuckets(region)).map((bucket) => ({ bucket, region }));
  const live = await deps.grants.live(deps.clock.now().toISOString());
  const all = new Map(named.map((b) => [`${b.bucket}\n${b.region}`, b]));
  for (const grant of live)
    all.set(`${grant.bucket}\n${grant.region}`, { bucket: grant.bucket, region: grant.region });
  return [...all.values()];
}
