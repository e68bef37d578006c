import { MB_PER_VCPU } from './cpu-quota.js';
import { USD_PER_GB_SECOND } from './lambda-share-report.js';
import type { PathToCard } from './path-to-card.js';
import { round } from './stats.js';

/** What a person waits for after a `create`, at the deployed sizes; each worker size's figures alongside. */
export interface PathToCardFigures {
  coldPathToCardMs: number;
  warmPathToCardMs: number;
  /** Whether each process ran at its memory size's Lambda CPU share (false: unthrottled, no writable cgroup). */
  pathToCardAtLambdaShare: boolean;
  pathToCardHttpMemoryMb: number;
  pathToCardByWorkerMemory: Record<
    string,
    {
      coldMs: number;
      warmMs: number;
      workerColdBilledMs: number;
      workerWarmBilledMs: number;
      workerColdCpuMs: number;
    }
  >;
}

/** The results' keys, at the deployed worker size. */
export function pathToCardFigures(p: PathToCard, workerMemoryMb: number): PathToCardFigures {
  const deployed = p.bySize[workerMemoryMb];
  if (!deployed) throw new Error(`the path to the card was not measured at ${workerMemoryMb} MB`);
  return {
    coldPathToCardMs: round(deployed.coldMs),
    warmPathToCardMs: round(deployed.warmMs),
    pathToCardAtLambdaShare: p.atLambdaShare,
    pathToCardHttpMemoryMb: p.httpMemoryMb,
    pathToCardByWorkerMemory: Object.fromEntries(
      Object.entries(p.bySize).map(([mb, at]) => [
        mb,
        {
          coldMs: round(at.coldMs),
          warmMs: round(at.warmMs),
          workerColdBilledMs: round(at.workerColdBilledMs),
          workerWarmBilledMs: round(at.workerWarmBilledMs),
          workerColdCpuMs: round(at.workerColdCpuMs),
        },
      ]),
    ),
  };
}

type Row = [string, string, string];

/** The benchmark table's rows: the wait at the deployed sizes. */
export function pathToCardRows(
  r: PathToCardFigures & { workerMemoryMb: number },
  runs: { cold: number; warm: number },
): Row[] {
  const share = r.pathToCardAtLambdaShare
    ? `http ${r.pathToCardHttpMemoryMb} MB, worker ${r.workerMemoryMb} MB, each at its CPU share`
    : 'CPU unthrottled: no writable cgroup CPU controller';
  return [
    [
      `\`create\` → the approvers' card at Slack, both functions cold (${share}; median of ${runs.cold})`,
      `**${r.coldPathToCardMs} ms**`,
      'target ≤ 1,000 ms',
    ],
    [
      `The same, both functions warm (median of ${runs.warm})`,
      `${r.warmPathToCardMs} ms`,
      `cold/warm **${round(r.coldPathToCardMs / r.warmPathToCardMs, 1)}×**`,
    ],
  ];
}

const gbSeconds = (mb: number, ms: number) => (mb / 1024) * (ms / 1000);
const perMillion = (gbs: number, usdPerGbSecond: number) => `$${round(gbs * usdPerGbSecond * 1_000_000, 2)}`;

/**
 * The benchmark page's worker-size table: the wait for the card, cold and warm, at each compared
 * worker size (http at its deployed size), and what a worker invocation costs there (Lambda bills
 * memory × duration, a cold start's INIT included).
 */
export function pathToCardTable(
  r: PathToCardFigures & { workerMemoryMb: number },
  architecture: 'arm64' | 'x86_64',
): string {
  const price = USD_PER_GB_SECOND[architecture];
  const rows = Object.entries(r.pathToCardByWorkerMemory).map(([mb, at]) => {
    const memory = Number(mb);
    const cold = gbSeconds(memory, at.workerColdBilledMs);
    const warm = gbSeconds(memory, at.workerWarmBilledMs);
    return [
      `${mb} MB${memory === r.workerMemoryMb ? ' (deployed)' : ''}`,
      r.pathToCardAtLambdaShare ? `${round(memory / MB_PER_VCPU, 2)} vCPU` : 'unthrottled',
      `${at.coldMs} ms`,
      `${at.warmMs} ms`,
      `${at.workerColdBilledMs} ms (CPU ${at.workerColdCpuMs} ms)`,
      `${round(cold, 3)}`,
      perMillion(cold, price),
      `${at.workerWarmBilledMs} ms`,
      perMillion(warm, price),
    ];
  });
  return [
    `| worker memory | CPU | \`create\` → card, both cold | both warm | cold worker: INIT + run | GB-s per cold start | per million cold starts | warm worker run | per million warm runs |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `_\`http\` at ${r.pathToCardHttpMemoryMb} MB throughout. Prices: ${architecture}, as serverless.yml deploys, at $${price} per GB-s (us-east-1, first tier), duration only: Lambda adds $0.20 per million requests._`,
  ].join('\n');
}
