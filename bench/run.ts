import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureAckLatency } from './ack-latency.js';
import { measureColdStart } from './cold-start.js';
import { measureEndToEnd } from './end-to-end.js';
import { round } from './stats.js';
import { measureThroughput } from './throughput.js';

/**
 * `npm run bench`: every figure measured side by side in this one run, on loopback stand-ins.
 * Prints one table and writes the same figures to bench/results.json.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const out = join(import.meta.dirname, '.out');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const cold = await measureColdStart(out, 11);
const ack = await measureAckLatency(200);
const e2e = await measureEndToEnd(40);
const tp = await measureThroughput(500, 50, 50);

const results = {
  coldStartReadyMs: round(cold.readyMs),
  coldStartReadyBaselineMs: round(cold.readyBaselineMs),
  coldStartReadyRatio: round(cold.readyMs / cold.readyBaselineMs, 2),
  coldStartFirstAckMs: round(cold.firstAnswerMs),
  coldStartFirstAckBaselineMs: round(cold.firstAnswerBaselineMs),
  coldStartRatio: round(cold.firstAnswerMs / cold.firstAnswerBaselineMs, 2),
  httpBundleKb: round((cold.bundleBytes.http ?? 0) / 1024, 0),
  workerBundleKb: round((cold.bundleBytes.worker ?? 0) / 1024, 0),
  sweeperBundleKb: round((cold.bundleBytes.sweeper ?? 0) / 1024, 0),
  baselineBundleKb: round((cold.bundleBytes.baseline ?? 0) / 1024, 0),
  ackCommandP50Ms: round(ack.commandP50Ms),
  ackCommandP99Ms: round(ack.commandP99Ms),
  ackClickP50Ms: round(ack.clickP50Ms),
  ackClickP99Ms: round(ack.clickP99Ms),
  ackP99Ms: round(Math.max(ack.commandP99Ms, ack.clickP99Ms)),
  endToEndMedianMs: round(e2e.medianMs),
  endToEndUnavoidableMs: round(e2e.unavoidableMs),
  endToEndOverheadRatio: round(e2e.medianMs / e2e.unavoidableMs, 2),
  throughputRequestsPerSecond: round(tp.requestsPerSecond),
  throughputErrors: tp.errors,
  throughputKeysCreated: tp.keysCreated,
  throughputApprovals: tp.approvals,
};
writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const r = results;
const rows: Array<[string, string, string]> = [
  [
    'Cold start to ready handler (median of 11)',
    `${r.coldStartReadyMs} ms`,
    `bare Bolt ${r.coldStartReadyBaselineMs} ms: ratio **${r.coldStartReadyRatio}**`,
  ],
  [
    'Cold start to first answered slash command',
    `${r.coldStartFirstAckMs} ms`,
    `bare Bolt ${r.coldStartFirstAckBaselineMs} ms: ratio **${r.coldStartRatio}** (target ≤ 1.0)`,
  ],
  [
    'Bundle sizes',
    `http ${r.httpBundleKb} KB, worker ${r.workerBundleKb} KB, sweeper ${r.sweeperBundleKb} KB`,
    `bare Bolt ${r.baselineBundleKb} KB`,
  ],
  [
    'Ack latency, signed `create` (200 samples)',
    `p50 ${r.ackCommandP50Ms} ms`,
    `p99 **${r.ackCommandP99Ms} ms** (target < 50)`,
  ],
  [
    'Ack latency, signed Approve click (200 samples)',
    `p50 ${r.ackClickP50Ms} ms`,
    `p99 **${r.ackClickP99Ms} ms** (target < 50)`,
  ],
  [
    'End to end: `create` with an approval on record → ephemeral DM at Slack (median of 40)',
    `${r.endToEndMedianMs} ms`,
    `${r.endToEndUnavoidableMs} ms of unavoidable round trips: overhead ratio **${r.endToEndOverheadRatio}**`,
  ],
  [
    'Throughput: 500 `create`s from 50 users, 50 in flight',
    `**${r.throughputRequestsPerSecond} req/s**, ${r.throughputErrors} errors`,
    `${r.throughputKeysCreated} keys for ${r.throughputApprovals} approvals`,
  ],
];
const table = `| measure | result | against |\n|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}`;
console.log(table);
// The README shows the latest table: replace what sits between its markers.
const readmePath = join(import.meta.dirname, '..', 'README.md');
const readme = readFileSync(readmePath, 'utf8');
writeFileSync(
  readmePath,
  readme.replace(
    /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
    `<!-- bench:start -->\n${table}\n<!-- bench:end -->`,
  ),
);
console.log(
  `\nunavoidable round trips (medians, ms): ${JSON.stringify(Object.fromEntries(Object.entries(e2e.parts).map(([k, v]) => [k, round(v, 2)])))}`,
);
