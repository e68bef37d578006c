import type { MetricDimensions, MetricName } from '../../domain/metric-names.js';
import type { Metrics } from '../../ports/metrics.js';

export interface RecordedMetric {
  name: MetricName;
  kind: 'count' | 'timing';
  value: number;
  dimensions?: MetricDimensions;
}

/** Keeps every metric in memory and prints nothing: for tests, and runs that want no EMF lines. */
export class MemoryMetrics implements Metrics {
  readonly recorded: RecordedMetric[] = [];
  flushes = 0;

  count(name: MetricName, dimensions?: MetricDimensions): void {
    this.recorded.push({ name, kind: 'count', value: 1, ...(dimensions ? { dimensions } : {}) });
  }

  timing(name: MetricName, ms: number): void {
    this.recorded.push({ name, kind: 'timing', value: ms });
  }

  flush(): void {
    this.flushes++;
  }

  /** How many times `name` was counted (with these dimensions, if given). */
  countOf(name: MetricName, dimensions?: MetricDimensions): number {
    return this.recorded.filter(
      (m) =>
        m.kind === 'count' &&
        m.name === name &&
        (!dimensions || JSON.stringify(m.dimensions) === JSON.stringify(dimensions)),
    ).length;
  }

  /** Every counter's total (ignoring dimensions), and each timing's latest value in ms. */
  totals(): { counts: Record<string, number>; latestMs: Record<string, number> } {
    const counts: Record<string, number> = {};
    const latestMs: Record<string, number> = {};
    for (const metric of this.recorded) {
      if (metric.kind === 'count') counts[metric.name] = (counts[metric.name] ?? 0) + metric.value;
      else latestMs[metric.name] = metric.value;
    }
    return { counts, latestMs };
  }
}
