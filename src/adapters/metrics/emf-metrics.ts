import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type MetricDimensions, type MetricName } from '../../domain/metric-names.js';
import type { Metrics } from '../../ports/metrics.js';

/** Where EMF lines go: stdout in Lambda (CloudWatch Logs turns them into metrics) and under `npm run serve`. */
export type LineSink = (line: string) => void;

const stdoutSink: LineSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** Powertools refuses more values than this per metric in one EMF object; more go in the next line. */
const MAX_VALUES_PER_LINE = 100;

interface Group {
  dimensions: MetricDimensions | undefined;
  counts: Map<MetricName, number>;
  timings: Map<MetricName, number[]>;
}

/**
 * Metrics as CloudWatch Embedded Metric Format, serialised by Powertools, one line per flush and
 * dimension set. Counts are summed until the flush. A count with dimensions is published under two
 * dimension sets, [service] and [service, …dimensions]: the alarm watches the total, and the split
 * shows which exception it was.
 */
export class EmfMetrics implements Metrics {
  private readonly groups = new Map<string, Group>();
  private readonly powertools: PowertoolsMetrics;

  constructor(
    private readonly sink: LineSink = stdoutSink,
    serviceName = 'bucket-key',
  ) {
    this.powertools = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName });
  }

  count(name: MetricName, dimensions?: MetricDimensions): void {
    const { counts } = this.groupOf(dimensions);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  timing(name: MetricName, ms: number): void {
    const { timings } = this.groupOf(undefined);
    timings.set(name, [...(timings.get(name) ?? []), Math.max(0, Math.round(ms))]);
  }

  flush(): void {
    for (const group of this.groups.values()) {
      for (const [name, value] of group.counts) {
        this.write(group.dimensions, (m) => m.addMetric(name, MetricUnit.Count, value));
      }
      for (const [name, values] of group.timings) {
        for (let i = 0; i < values.length; i += MAX_VALUES_PER_LINE) {
          this.write(undefined, (m) => {
            for (const v of values.slice(i, i + MAX_VALUES_PER_LINE))
              m.addMetric(name, MetricUnit.Milliseconds, v);
          });
        }
      }
    }
    this.groups.clear();
  }

  private groupOf(dimensions: MetricDimensions | undefined): Group {
    const key = JSON.stringify(Object.entries(dimensions ?? {}).sort());
    let group = this.groups.get(key);
    if (!group) {
      group = { dimensions, counts: new Map(), timings: new Map() };
      this.groups.set(key, group);
    }
    return group;
  }

  /** One EMF object through Powertools' serialiser, written to our sink rather than its own console. */
  private write(dimensions: MetricDimensions | undefined, add: (m: PowertoolsMetrics) => void): void {
    const m = this.powertools;
    if (dimensions) {
      m.addDimensions({});
      m.addDimensions({ ...dimensions });
    }
    try {
      add(m);
      this.sink(JSON.stringify(m.serializeMetrics()));
    } finally {
      m.clearMetrics();
      m.clearDimensions();
    }
  }
}
