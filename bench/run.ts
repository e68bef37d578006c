import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureAckLatency } from './ack-latency.js';
import { measureAuditVerify } from './audit-verify.js';
import { checkpointedVerifyRow, measureCheckpointedVerify } from './audit-verify-bench.js';
import { bundleSharesTable } from './bundle-shares.js';
import { COMPARED_MEMORY_MB, measureColdStart } from './cold-start.js';
import { openCpuQuota } from './cpu-quota.js';
import { deployedArchitecture } from './deployed-functions.js';
import { measureEndToEnd } from './end-to-end.js';
import { lambdaShareRows, memoryCostTable } from './lambda-share-report.js';
import { startLambdaStandIns } from './lambda-stand-ins.js';
import { measurePathToCard } from './path-to-card.js';
import { pathToCardFigures, pathToCardRows, pathToCardTable } from './path-to-card-report.js';
import { round } from './stats.js';
import { measureThroughput } from './throughput.js';

/**
 * `npm run bench`: every figure measured side by side in this one run, on loopback stand-ins.
 * Prints the tables, writes the same figures to bench/results.json and the tables into docs/benchmark.md.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const out = join(import.meta.dirname, '.out');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const quota = openCpuQuota();
if ('unavailable' in quota)
  console.log(
    `Lambda CPU share: skipped, ${quota.unavailable} (needs Linux and a writable cgroup CPU controller)`,
  );
const SHARE_RUNS = 9;
/** Enough that the median holds still between runs on a noisy machine. */
const END_TO_END_SAMPLES = 100;
const cpu = 'unavailable' in quota ? undefined : quota;
const cold = await measureColdStart(out, 11, SHARE_RUNS, cpu);
/** Cold: a fresh process of each function per command, the worker sizes alternated. */
const PATH_RUNS = { cold: 7, warm: 15 };
const pathStandIns = await startLambdaStandIns();
const path = await measurePathToCard(
  pathStandIns,
  { http: join(out, 'http', 'index.js'), worker: join(out, 'worker', 'index.js') },
  PATH_RUNS,
  cpu,
);
await pathStandIns.stop();
const ack = await measureAckLatency(200);
const e2e = await measureEndToEnd(END_TO_END_SAMPLES);
const tp = await measureThroughput(500, 50, 50);
const verify = await measureAuditVerify(100_000);
const checkpointed = await measureCheckpointedVerify(100_000);

/** Slack shows an error unless a slash command or click is answered within 3 seconds. */
const SLACK_WINDOW_MS = 3000;
const share = cold.lambdaShare;
const results = {
  coldStartReadyMs: round(cold.readyMs),
  coldStartReadyBaselineMs: round(cold.readyBaselineMs),
  coldStartReadyRatio: round(cold.readyMs / cold.readyBaselineMs, 2),
  coldStartFirstAckMs: round(cold.firstAnswerMs),
  coldStartFirstAckBaselineMs: round(cold.firstAnswerBaselineMs),
  coldStartRatio: round(cold.firstAnswerMs / cold.firstAnswerBaselineMs, 2),
  workerColdStartMs: round(cold.workerFirstSlackCallMs),
  workerZodClassicColdStartMs: round(cold.workerZodClassicFirstSlackCallMs),
  workerColdStartRatio: round(cold.workerFirstSlackCallMs / cold.workerZodClassicFirstSlackCallMs, 2),
  // At the CPU share Lambda gives each function's memorySize (null where cgroups are not permitted).
  httpMemoryMb: cold.memoryMb.http,
  workerMemoryMb: cold.memoryMb.worker,
  coldStartLambdaShareMs: share ? round(share.firstAnswerMs) : null,
  coldStartLambdaShareBaselineMs: share ? round(share.firstAnswerBaselineMs) : null,
  coldStartLambdaShareRatio: share ? round(share.firstAnswerMs / share.firstAnswerBaselineMs, 2) : null,
  slackWindowUsedPct: share ? round((share.firstAnswerMs / SLACK_WINDOW_MS) * 100) : null,
  workerColdStartLambdaShareMs: share ? round(share.workerFirstSlackCallMs) : null,
  coldStartByMemoryMs: share
    ? Object.fromEntries(COMPARED_MEMORY_MB.map((mb) => [mb, round(share.firstAnswerByMemoryMs[mb] ?? 0)]))
    : null,
  // From the signed `create` leaving to the approvers' card at Slack, http and worker at their deployed sizes.
  ...pathToCardFigures(path, cold.memoryMb.worker),
  httpBundleKb: round((cold.bundleBytes.http ?? 0) / 1024, 0),
  // Loaded by the request form's picker or submission only, never by a command or click.
  httpCatalogBundleKb: round((cold.bundleBytes['http/http-catalog'] ?? 0) / 1024, 0),
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
  endToEndCriticalPathMs: round(e2e.criticalPathMs),
  endToEndCriticalPathRatio: round(e2e.medianMs / e2e.criticalPathMs, 2),
  throughputRequestsPerSecond: round(tp.requestsPerSecond),
  throughputErrors: tp.errors,
  throughputKeysCreated: tp.keysCreated,
  throughputApprovals: tp.approvals,
  auditVerify100kMs: round(verify.dynaliteMs),
  auditVerify100kDynamoDbLocalMs: verify.dynamoDbLocalMs === null ? null : round(verify.dynamoDbLocalMs),
  auditVerifyCheckpointed100kMs: round(checkpointed.fullMs),
  auditVerifySinceLastCheckpointMs: round(checkpointed.sinceLastMs),
};
writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const r = results;
const rows: Array<[string, string, string]> = [
  [
    'Cold start to ready handler, CPU unthrottled (median of 11)',
    `${r.coldStartReadyMs} ms`,
    `bare Bolt ${r.coldStartReadyBaselineMs} ms: ratio **${r.coldStartReadyRatio}** (target ≤ 0.55)`,
  ],
  [
    'Cold start to first answered slash command, CPU unthrottled',
    `${r.coldStartFirstAckMs} ms`,
    `bare Bolt ${r.coldStartFirstAckBaselineMs} ms: ratio **${r.coldStartRatio}** (target ≤ 0.70)`,
  ],
  [
    'Cold start of `worker` to its first Slack call, CPU unthrottled',
    `${r.workerColdStartMs} ms`,
    `the same worker with zod's classic API ${r.workerZodClassicColdStartMs} ms: ratio **${r.workerColdStartRatio}**`,
  ],
  ...lambdaShareRows(r, SHARE_RUNS),
  ...pathToCardRows(r, PATH_RUNS),
  [
    'Bundle sizes',
    `http **${r.httpBundleKb} KB** (target ≤ 550; its catalog part, loaded by the form's picker only, ${r.httpCatalogBundleKb} KB), worker ${r.workerBundleKb} KB, sweeper ${r.sweeperBundleKb} KB`,
    `bare Bolt ${r.baselineBundleKb} KB`,
  ],
  [
    'Ack latency, signed `create` (200 samples)',
    `p50 ${r.ackCommandP50Ms} ms`,
    `p99 **${r.ackCommandP99Ms} ms** (target < 10)`,
  ],
  [
    'Ack latency, signed Approve click (200 samples)',
    `p50 ${r.ackClickP50Ms} ms`,
    `p99 **${r.ackClickP99Ms} ms** (target < 10)`,
  ],
  [
    `End to end: \`create\` with an approval on record → ephemeral DM at Slack (median of ${END_TO_END_SAMPLES})`,
    `${r.endToEndMedianMs} ms`,
    `${r.endToEndCriticalPathMs} ms of round trips it cannot avoid, side-by-side ones once: overhead ratio **${r.endToEndCriticalPathRatio}** (target ≤ 1.3); over their plain sum (${r.endToEndUnavoidableMs} ms, no grant or DM lookup) ${r.endToEndOverheadRatio}`,
  ],
  [
    'Throughput: 500 `create`s from 50 users, 50 in flight',
    `**${r.throughputRequestsPerSecond} req/s**, ${r.throughputErrors} errors`,
    `${r.throughputKeysCreated} keys for ${r.throughputApprovals} approvals`,
  ],
  [
    '`audit verify` over 100,000 chained events (Query pages, every hash and link checked)',
    `dynalite **${r.auditVerify100kMs} ms**`,
    `DynamoDB Local ${r.auditVerify100kDynamoDbLocalMs === null ? 'skipped (no java)' : `${r.auditVerify100kDynamoDbLocalMs} ms`}; worker timeout 60,000 ms`,
  ],
  checkpointedVerifyRow(checkpointed, round),
];
const table = `| measure | result | against |\n|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}`;
const memoryTable = memoryCostTable(r.coldStartByMemoryMs);
const pathTable = pathToCardTable(r, deployedArchitecture());
console.log(`${table}\n\n${memoryTable}\n\n${pathTable}`);
// The benchmark page shows the latest tables: replace what sits between their markers.
const readmePath = join(import.meta.dirname, '..', 'docs', 'benchmark.md');
const between = (text: string, marker: string, content: string) =>
  text.replace(
    new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`),
    `<!-- ${marker}:start -->\n${content}\n<!-- ${marker}:end -->`,
  );
const sharesTable = bundleSharesTable(join(out, 'http'));
console.log(`\n${sharesTable}`);
writeFileSync(
  readmePath,
  between(
    between(
      between(between(readFileSync(readmePath, 'utf8'), 'bench', table), 'bench-memory', memoryTable),
      'bench-path-to-card',
      pathTable,
    ),
    'bundle-shares',
    sharesTable,
  ),
);
console.log(
  `\nunavoidable round trips (medians, ms): ${JSON.stringify(Object.fromEntries(Object.entries(e2e.parts).map(([k, v]) => [k, round(v, 2)])))}`,
);
