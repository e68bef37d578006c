import { type BucketCatalog, CATALOG_MAX_BUCKETS, type CatalogBucket } from '../../ports/bucket-catalog.js';
import type { ServiceDependencies } from '../dependencies.js';
import { describeError } from '../failures.js';
import { requestableBuckets } from '../request/requestable-buckets.js';

/**
 * Writes what the request modal's picker offers: every requestable bucket (the same list as the
 * "no such bucket" answer), its region, its used slots and its policy limits. Run by each sweep and
 * by the worker after a key changes. Best effort: a failure is logged, and the previous catalog stays.
 */
export async function refreshBucketCatalog(deps: ServiceDependencies): Promise<number> {
  try {
    const { names, total } = await requestableBuckets(deps, CATALOG_MAX_BUCKETS);
    const buckets: CatalogBucket[] = [];
    for (const bucket of names) {
      const rules = deps.policy.rulesFor(bucket);
      if (!rules) continue;
      const keyCount = (await deps.keys.listKeys(bucket, rules.region)).length;
      const approval = deps.policy.approvalRulesFor(bucket);
      buckets.push({
        bucket,
        region: rules.region,
        keyCount,
        ...(rules.keyMaxAgeMs === undefined ? {} : { keyMaxAgeMs: rules.keyMaxAgeMs }),
        ...(approval.reasonRequired ? { reasonMinLength: approval.reasonMinLength } : {}),
      });
    }
    const catalog: BucketCatalog = { buckets, total, updatedAt: deps.clock.now().toISOString() };
    await deps.catalog.write(catalog);
    return buckets.length;
  } catch (error) {
    deps.logger.warn('bucket catalog not refreshed', { error: describeError(error) });
    return 0;
  }
}

/**
 * After a key was made or deleted: the one bucket's count in the catalog, from one listing, rather
 * than every bucket's (a full refresh costs a Lightsail call per bucket, too much on every key). The
 * counts are a hint for the picker; every sweep rewrites the whole catalog, so a count lost to a
 * concurrent update is right again within minutes.
 */
export async function refreshBucketCount(
  deps: ServiceDependencies,
  bucket: string,
  region: string,
): Promise<void> {
  try {
    const catalog = await deps.catalog.read();
    const listed = catalog?.buckets.find((entry) => entry.bucket === bucket && entry.region === region);
    if (!catalog || !listed) return;
    const keyCount = (await deps.keys.listKeys(bucket, region)).length;
    if (keyCount === listed.keyCount) return;
    await deps.catalog.write({
      ...catalog,
      buckets: catalog.buckets.map((entry) => (entry === listed ? { ...entry, keyCount } : entry)),
      updatedAt: deps.clock.now().toISOString(),
    });
  } catch (error) {
    deps.logger.warn('bucket catalog count not refreshed', { bucket, error: describeError(error) });
  }
}
