import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, FUNCTIONS, LAZY_PARTS } from '../scripts/build.js';
import { apiGatewayV2Event } from '../src/sandbox/aws/api-gateway-event.js';
import { signedHeaders, slashCommandBody } from '../src/sandbox/slack/signed-request.js';
import { runBundle } from './bundle-process.js';
import type { CpuController } from './cpu-quota.js';
import { type LambdaStandIns, startLambdaStandIns } from './lambda-stand-ins.js';
import { addUsers } from './stack.js';
import { median } from './stats.js';
import { workerInvokePayload } from './worker-payload.js';

/** The memory sizes whose `http` cold starts the benchmark page compares. */
export const COMPARED_MEMORY_MB = [256, 512, 1024] as const;

export interface ColdStart {
  readyMs: number;
  readyBaselineMs: number;
  firstAnswerMs: number;
  firstAnswerBaselineMs: number;
  /** From the worker process's start to its first Slack Web API call arriving at Slack. */
  workerFirstSlackCallMs: number;
  /** The same worker built with zod's classic API instead of zod/mini, alternated with it. */
  workerZodClassicFirstSlackCallMs: number;
  bundleBytes: Record<string, number>;
  memoryMb: { http: number; worker: number };
  /** The same, each process held to its function's Lambda CPU share; absent where cgroups are not permitted. */
  lambdaShare?: {
    firstAnswerMs: number;
    firstAnswerBaselineMs: number;
    workerFirstSlackCallMs: number;
    /** `http` to first answered command at each compared memory size's share (and its own). */
    firstAnswerByMemoryMs: Record<number, number>;
  };
}

type Cpu = { controller: CpuController; memoryMb: number } | undefined;

/**
 * Cold starts of the deployed `http` bundle (to its first answered slash command), of a bare Bolt
 * app, alternated, and of the `worker` (to its first Slack call), each process started with its
 * function's environment from serverless.yml. Medians of `runs` at full CPU, then of `shareRuns`
 * at Lambda's CPU share when `cpu` is given.
 */
export async function measureColdStart(
  out: string,
  runs: number,
  shareRuns: number,
  cpu: CpuController | undefined,
): Promise<ColdStart> {
  const bundleBytes: Record<string, number> = {};
  const paths: Record<string, string> = {};
  for (const [name, entry] of Object.entries({ ...FUNCTIONS, baseline: 'bench/baseline/bare-bolt.ts' })) {
    const dir = await bundle(name, entry, out);
    paths[name] = join(dir, 'index.js');
    bundleBytes[name] = statSync(paths[name] as string).size;
    // Parts loaded only when first needed (scripts/build.ts LAZY_PARTS), e.g. `http-catalog`.
    for (const part of Object.keys(LAZY_PARTS[name] ?? {}))
      bundleBytes[`${name}/${part}`] = statSync(join(dir, `${part}.js`)).size;
  }
  // zod's classic API exports the same functions as zod/mini: the worker as it was before its bundle was trimmed.
  const classic = await bundle('worker-zod-classic', FUNCTIONS.worker, out, false, { 'zod/mini': 'zod' });
  paths.workerZodClassic = join(classic, 'index.js');
  bundleBytes.workerZodClassic = statSync(paths.workerZodClassic).size;
  const s = await startLambdaStandIns();
  const memoryMb = {
    http: s.functions.http?.memorySizeMb ?? 0,
    worker: s.functions.worker?.memorySizeMb ?? 0,
  };
  const answer = async (name: 'http' | 'baseline', at: Cpu) => {
    const event = slashCommandEvent(s.signingSecret);
    const run = await runBundle(paths[name] as string, event, s.env[name] ?? {}, at);
    const status = (run.result as { statusCode?: number } | null)?.statusCode;
    if (status !== 200) throw new Error(`${name} cold start answered ${status}`);
    return run;
  };
  const worker = (at: Cpu, path = paths.worker as string) => workerToFirstSlackCall(s, path, at);

  const full = { http: [] as number[], baseline: [] as number[], readyHttp: [] as number[] };
  const readyBaseline: number[] = [];
  const workerFull: number[] = [];
  const workerClassic: number[] = [];
  for (let i = 0; i < runs; i++) {
    const http = await answer('http', undefined);
    const baseline = await answer('baseline', undefined);
    full.http.push(http.firstAnswerMs);
    full.readyHttp.push(http.readyMs);
    full.baseline.push(baseline.firstAnswerMs);
    readyBaseline.push(baseline.readyMs);
    workerFull.push(await worker(undefined));
    workerClassic.push(await worker(undefined, paths.workerZodClassic));
  }
  const result: ColdStart = {
    readyMs: median(full.readyHttp),
    readyBaselineMs: median(readyBaseline),
    firstAnswerMs: median(full.http),
    firstAnswerBaselineMs: median(full.baseline),
    workerFirstSlackCallMs: median(workerFull),
    workerZodClassicFirstSlackCallMs: median(workerClassic),
    bundleBytes,
    memoryMb,
  };
  if (cpu) {
    const sizes = [...new Set([...COMPARED_MEMORY_MB, memoryMb.http])];
    const byMemory = new Map<number, number[]>(sizes.map((mb) => [mb, []]));
    const baseline: number[] = [];
    const workerShare: number[] = [];
    for (let i = 0; i < shareRuns; i++) {
      for (const mb of sizes)
        byMemory.get(mb)?.push((await answer('http', { controller: cpu, memoryMb: mb })).firstAnswerMs);
      const at = { controller: cpu, memoryMb: memoryMb.http };
      baseline.push((await answer('baseline', at)).firstAnswerMs);
      workerShare.push(await worker({ controller: cpu, memoryMb: memoryMb.worker }));
    }
    const firstAnswerByMemoryMs = Object.fromEntries(sizes.map((mb) => [mb, median(byMemory.get(mb) ?? [])]));
    result.lambdaShare = {
      firstAnswerMs: firstAnswerByMemoryMs[memoryMb.http] ?? Number.NaN,
      firstAnswerBaselineMs: median(baseline),
      workerFirstSlackCallMs: median(workerShare),
      firstAnswerByMemoryMs,
    };
  }
  await s.stop();
  return result;
}

function slashCommandEvent(signingSecret: string): unknown {
  const body = slashCommandBody({
    text: 'create media-assets bench',
    userId: 'UREQUESTER',
    channelId: 'DREQUESTER',
    responseUrl: 'http://127.0.0.1:9/r',
  });
  return apiGatewayV2Event(body, signedHeaders(signingSecret, body));
}

let workerRuns = 0;

/**
 * A fresh `worker` process runs one `create` (a new requester each time, so each run records a
 * new request and posts it to the approvers): milliseconds from the process's start to its first
 * Slack Web API call arriving at the Slack stand-in.
 */
async function workerToFirstSlackCall(s: LambdaStandIns, path: string, cpu: Cpu): Promise<number> {
  const userId = `UBENCHW${String(++workerRuns).padStart(5, '0')}`;
  addUsers(s.stack, [userId]);
  const payload = workerInvokePayload({
    userId,
    bucket: 'media-assets',
    reason: 'benchmark',
    responseUrl: s.stack.slack.newResponseUrl(userId, `D${userId.slice(1)}`),
    signingSecret: s.signingSecret,
  });
  let firstCallAt: number | undefined;
  s.stack.slack.onCall = () => {
    firstCallAt ??= performance.timeOrigin + performance.now();
  };
  const run = await runBundle(path, payload, s.env.worker ?? {}, cpu);
  s.stack.slack.onCall = undefined;
  if (firstCallAt === undefined) throw new Error('the worker made no Slack Web API call');
  return firstCallAt - run.timeOrigin;
}
