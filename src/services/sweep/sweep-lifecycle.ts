import type { ServiceDependencies } from '../dependencies.js';
import { retireIdleKeys, warnExpiringKeys } from './sweep-key-warnings.js';
import { retireRotatedKeys } from './sweep-rotations.js';

/** The sweeper's key-lifecycle duties: rotated-out keys, expiry warnings, idle keys. */
export async function sweepKeyLifecycle(deps: ServiceDependencies, now: string) {
  const retiredKeys = await retireRotatedKeys(deps, now);
  const expiryWarnings = await warnExpiringKeys(deps, now);
  const idle = await retireIdleKeys(deps, now);
  return { retiredKeys, expiryWarnings, ...idle };
}
