import { describe, expect, it } from 'vitest';
import { USD_PER_GB_SECOND } from '../../../bench/lambda-share-report.js';
import { pathToCardFigures, pathToCardTable } from '../../../bench/path-to-card-report.js';

const measured = {
  httpMemoryMb: 1024,
  atLambdaShare: true,
  bySize: {
    512: { coldMs: 1500, warmMs: 60, workerColdBilledMs: 1200, workerWarmBilledMs: 80, workerColdCpuMs: 350 },
    1024: { coldMs: 900, warmMs: 30, workerColdBilledMs: 600, workerWarmBilledMs: 40, workerColdCpuMs: 340 },
  },
};

describe('the wait for the card, reported', () => {
  it('gives the deployed worker size’s figures as the results’ keys', () => {
    const figures = pathToCardFigures(measured, 1024);
    expect(figures).toMatchObject({
      coldPathToCardMs: 900,
      warmPathToCardMs: 30,
      pathToCardHttpMemoryMb: 1024,
    });
    expect(Object.keys(figures.pathToCardByWorkerMemory)).toEqual(['512', '1024']);
  });

  it('refuses to report a deployed size it did not measure', () => {
    expect(() => pathToCardFigures(measured, 2048)).toThrow(/2048 MB/);
  });

  it('prices a cold and a warm worker invocation as Lambda bills them: memory × duration', () => {
    const table = pathToCardTable({ ...pathToCardFigures(measured, 1024), workerMemoryMb: 1024 }, 'arm64');
    const row = (mb: string) => table.split('\n').find((line) => line.startsWith(`| ${mb} MB`)) ?? '';
    // 512 MB for 1.2 s = 0.6 GB-s; 1,024 MB for 0.6 s = 0.6 GB-s; per million, at arm64's price.
    const perMillion = (gbs: number) => `$${Number((gbs * USD_PER_GB_SECOND.arm64 * 1e6).toFixed(2))}`;
    expect(row('512')).toContain(`| 0.6 | ${perMillion(0.6)} |`);
    expect(row('1024')).toContain('(deployed)');
    expect(row('1024')).toContain(`| 0.6 | ${perMillion(0.6)} |`);
    expect(row('1024')).toContain(`| 40 ms | ${perMillion(0.04)} |`);
    expect(row('512')).not.toContain('(deployed)');
    expect(table).toContain(`$${USD_PER_GB_SECOND.arm64} per GB-s`);
  });
});
