/** One CloudWatch EMF object, as a log line carries it. */
export interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [key: string]: unknown;
}

/** The EMF objects among printed lines (other log lines are skipped). */
export function emfLines(output: string | string[]): EmfLine[] {
  const lines = typeof output === 'string' ? output.split('\n') : output;
  return lines.flatMap((line) => {
    if (!line.includes('"_aws"')) return [];
    const parsed = JSON.parse(line) as EmfLine;
    return parsed._aws?.CloudWatchMetrics ? [parsed] : [];
  });
}

/** The sum of a metric's values over every EMF line that defines it for exactly these dimension names. */
export function emfTotal(lines: EmfLine[], name: string, dimensionNames: string[] = ['service']): number {
  let total = 0;
  for (const line of lines) {
    const directive = line._aws.CloudWatchMetrics[0];
    if (!directive?.Metrics.some((m) => m.Name === name)) continue;
    if (!directive.Dimensions.some((set) => JSON.stringify(set) === JSON.stringify(dimensionNames))) continue;
    const value = line[name] as number | number[];
    total += Array.isArray(value) ? value.reduce((a, b) => a + b, 0) : value;
  }
  return total;
}
