import type { ServiceDependencies } from '../dependencies.js';

export interface RequestableBuckets {
  /** The first few names, sorted. */
  names: string[];
  total: number;
}

/**
 * The buckets a person may request: those Lightsail has, in every region the policy uses, that the
 * policy allows there (a bucket counts in the region its rules place it in, and nowhere else).
 */
export async function requestableBuckets(
  deps: ServiceDependencies,
  shown: number,
): Promise<RequestableBuckets> {
  const regions = new Set([deps.settings.defaultRegion, ...deps.policy.listedBuckets().map((b) => b.region)]);
  const names: string[] = [];
  for (const region of [...regions].sort()) {
    for (const bucket of await deps.keys.listBuckets(region)) {
      if (deps.policy.rulesFor(bucket)?.region === region) names.push(bucket);
    }
  }
  names.sort();
  return { names: names.slice(0, shown), total: names.length };
}
