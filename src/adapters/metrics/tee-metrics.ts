import type { MetricDimensions, MetricName } from '../../domain/metric-names.js';
import type { Metrics } from '../../ports/metrics.js';

/** Hands every metric to several adapters: `npm start` prints EMF lines and shows counters in the playground. */
export class TeeMetrics implements Metrics {
  constructor(private readonly targets: readonly Metrics[]) {}

  count(name: MetricName, dimensions?: MetricDimensions): void {
    for (const target of this.targets) target.count(name, dimensions);
  }

  timing(name: MetricName, ms: number): void {
    for (const target of this.targets) target.timing(name, ms);
  }

  flush(): void {
    for (const target of this.targets) target.flush();
  }
}
