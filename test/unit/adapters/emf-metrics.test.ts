import { describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../../src/adapters/metrics/emf-metrics.js';
import { METRIC } from '../../../src/domain/metric-names.js';
import { emfLines } from '../../support/emf.js';

function capture() {
  const printed: string[] = [];
  return { printed, metrics: new EmfMetrics((line) => printed.push(line)) };
}

describe('EMF metrics', () => {
  it('prints nothing until flushed, and nothing when nothing was recorded', () => {
    const { printed, metrics } = capture();
    metrics.count(METRIC.requests);
    expect(printed).toEqual([]);
    metrics.flush();
    expect(printed).toHaveLength(1);
    metrics.flush();
    expect(printed).toHaveLength(1);
  });

  it('sums counts in the BucketKey namespace under the service dimension', () => {
    const { printed, metrics } = capture();
    metrics.count(METRIC.requests);
    metrics.count(METRIC.requests);
    metrics.count(METRIC.approvals);
    metrics.flush();

    const lines = emfLines(printed);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: 'BucketKey',
        Dimensions: [['service']],
      });
      expect(line.service).toBe('bucket-key');
    }
    const requests = lines.find((l) => 'Requests' in l)!;
    expect(requests.Requests).toBe(2);
    expect(requests._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'Requests', Unit: 'Count' }]);
    expect(lines.find((l) => 'Approvals' in l)!.Approvals).toBe(1);
  });

  it('publishes a count with dimensions under [service] and [service, …dimensions], so an alarm sees the total', () => {
    const { printed, metrics } = capture();
    metrics.count(METRIC.issueFailures, { Exception: 'ServiceException' });
    metrics.count(METRIC.issueFailures, { Exception: 'ServiceException' });
    metrics.count(METRIC.issueFailures, { Exception: 'AccessDeniedException' });
    metrics.flush();

    const lines = emfLines(printed);
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => [l.Exception, l.IssueFailures])).toEqual(
      expect.arrayContaining([
        ['ServiceException', 2],
        ['AccessDeniedException', 1],
      ]),
    );
    for (const line of lines) {
      expect(line._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service'], ['service', 'Exception']]);
    }
  });

  it('records timings in milliseconds, one value each', () => {
    const { printed, metrics } = capture();
    metrics.timing(METRIC.timeToDecision, 1500.4);
    metrics.timing(METRIC.timeToDecision, 250);
    metrics.flush();

    const [line] = emfLines(printed);
    expect(line!.TimeToDecision).toEqual([1500, 250]);
    expect(line!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([
      { Name: 'TimeToDecision', Unit: 'Milliseconds' },
    ]);
  });

  it('starts afresh after a flush', () => {
    const { printed, metrics } = capture();
    metrics.count(METRIC.keysIssued);
    metrics.flush();
    metrics.count(METRIC.keysRevoked);
    metrics.flush();

    const lines = emfLines(printed);
    expect(lines.map((l) => l._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name))).toEqual([
      ['KeysIssued'],
      ['KeysRevoked'],
    ]);
  });
});
