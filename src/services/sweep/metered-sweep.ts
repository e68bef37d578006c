import { METRIC } from '../../domain/metric-names.js';
import type { ServiceDependencies } from '../dependencies.js';
import { type SweepReport, sweep } from './sweep.js';

/** A sweep, timed for the SweepDuration metric (wall time: the clock port may be a test's manual clock). */
export async function meteredSweep(deps: ServiceDependencies): Promise<SweepReport> {
  const started = performance.now();
  try {
    return await sweep(deps);
  } finally {
    deps.metrics.timing(METRIC.sweepDuration, performance.now() - started);
  }
}
