import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

const rows: Array<[string, string, string]> = [
  [
    'Cold start to ready handler (median of 11)',
    `${results.coldStartReadyMs} ms vs bare Bolt ${results.coldStartReadyBaselineMs} ms`,
    `ratio ${results.coldStartReadyRatio}`,
  ],
  [
    'Cold start to first answered command',
    `${results.coldStartFirstAckMs} ms vs bare Bolt ${results.coldStartFirstAckBaselineMs} ms`,
    `ratio ${results.coldStartRatio} (target ≤ 1.0)`,
  ],
  [
    'Bundle sizes',
    `http ${results.httpBundleKb} KB, worker ${results.workerBundleKb} KB, sweeper ${results.sweeperBundleKb} KB`,
    `bare Bolt ${results.baselineBundleKb} KB`,
  ],
  [
    'Ack latency, `create` command (200)',
    `p50 ${results.ackCommandP50Ms} ms`,
    `p99 ${results.ackCommandP99Ms} ms (target < 50)`,
  ],
  [
    'Ack latency, Approve click (200)',
    `p50 ${results.ackClickP50Ms} ms`,
    `p99 ${results.ackClickP99Ms} ms (target < 50)`,
  ],
  [
    'End to end: create → ephemeral DM (median of 40)',
    `${results.endToEndMedianMs} ms vs ${results.endToEndUnavoidableMs} ms of unavoidable round trips`,
    `overhead ratio ${results.endToEndOverheadRatio}`,
  ],
  [
    'Throughput: 500 creates, 50 users, 50 in flight',
    `${results.throughputRequestsPerSecond} req/s, ${results.throughputErrors} errors`,
    `${results.throughputKeysCreated} keys for ${results.throughputApprovals} approvals`,
  ],
];
console.log(
  `| measure | result | against |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`,
);
console.log(
  `\nunavoidable round trips (medians, ms): ${JSON.stringify(Object.fromEntries(Object.entries(e2e.parts).map(([k, v]) => [k, round(v, 2)])))}`,
);
