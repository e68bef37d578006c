import type { MetricDimensions, MetricName } from '../domain/metric-names.js';

/**
 * Operational metrics (CloudWatch, as EMF log lines, in production). Values are counts and
 * durations only: never a user id, a bucket or anything else a person typed.
 */
export interface Metrics {
  /** Adds 1 to a counter; with dimensions, also to the counter split by them. */
  count(name: MetricName, dimensions?: MetricDimensions): void;
  /** Records one duration in milliseconds. */
  timing(name: MetricName, ms: number): void;
  /** Writes what was recorded since the last flush; each Lambda invocation ends with one. */
  flush(): void;
}
