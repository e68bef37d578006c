import { MB_PER_VCPU } from './cpu-quota.js';
import { round } from './stats.js';

/** Lambda's duration price (us-east-1, first tier), dollars per GB-second, by architecture. */
export const USD_PER_GB_SECOND = { arm64: 0.0000133334, x86_64: 0.0000166667 } as const;
/** serverless.yml deploys arm64. */
export const ARM64_USD_PER_GB_SECOND = USD_PER_GB_SECOND.arm64;

type Row = [string, string, string];

export interface LambdaShareFigures {
  httpMemoryMb: number;
  workerMemoryMb: number;
  coldStartLambdaShareMs: number | null;
  coldStartLambdaShareBaselineMs: number | null;
  coldStartLambdaShareRatio: number | null;
  slackWindowUsedPct: number | null;
  workerColdStartLambdaShareMs: number | null;
  coldStartByMemoryMs: Record<string, number> | null;
}

const vcpu = (mb: number) => `${mb} MB = ${round(mb / MB_PER_VCPU, 2)} vCPU`;

/** The benchmark table's rows for cold starts at Lambda's CPU share. */
export function lambdaShareRows(r: LambdaShareFigures, runs: number): Row[] {
  if (r.coldStartLambdaShareMs === null)
    return [["Cold starts at Lambda's CPU share", 'not measured: no writable cgroup CPU controller', '']];
  return [
    [
      `Cold start to first answered slash command at Lambda's CPU share (${vcpu(r.httpMemoryMb)}, median of ${runs})`,
      `${r.coldStartLambdaShareMs} ms: **${r.slackWindowUsedPct}%** of Slack's 3 s (target ≤ 15%)`,
      `bare Bolt ${r.coldStartLambdaShareBaselineMs} ms: ratio **${r.coldStartLambdaShareRatio}** (target ≤ 0.70)`,
    ],
    [
      `Cold start of \`worker\` to its first Slack call at Lambda's CPU share (${vcpu(r.workerMemoryMb)})`,
      `${r.workerColdStartLambdaShareMs} ms`,
      '',
    ],
  ];
}

/**
 * The benchmark page's memory-size table: the `http` cold start at each compared size's CPU share, the
 * part of Slack's 3 s it uses, and what it costs (Lambda bills memory × duration, INIT included).
 */
export function memoryCostTable(byMemoryMs: Record<string, number> | null): string {
  if (!byMemoryMs) return '_Not measured: this run had no writable cgroup CPU controller._';
  const rows = Object.entries(byMemoryMs).map(([mb, ms]) => {
    const gbSeconds = (Number(mb) / 1024) * (ms / 1000);
    return [
      `${mb} MB`,
      `${round(Number(mb) / MB_PER_VCPU, 2)} vCPU`,
      `${ms} ms`,
      `${round((ms / 3000) * 100)}%`,
      `${round(gbSeconds, 3)}`,
      `$${round(gbSeconds * ARM64_USD_PER_GB_SECOND * 1_000_000, 2)}`,
    ];
  });
  return [
    "| memory | CPU | `http` cold start to first answer | of Slack's 3 s | GB-s per cold start | per million cold starts (arm64) |",
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
