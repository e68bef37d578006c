import { apiGatewayV2Event } from '../src/sandbox/aws/api-gateway-event.js';
import { signedHeaders, slashCommandBody } from '../src/sandbox/slack/signed-request.js';
import { type BundleRun, runBundle, startWarmBundle, type WarmBundleProcess } from './bundle-process.js';
import type { CpuController } from './cpu-quota.js';
import type { DeployedFunction } from './deployed-functions.js';
import type { LambdaStandIns } from './lambda-stand-ins.js';
import { addUsers } from './stack.js';
import { median } from './stats.js';

/** The worker memory sizes the benchmark page compares; the deployed one is added if it is not among them. */
export const WORKER_MEMORY_MB = [512, 1024, 1769] as const;

/** Untimed commands through a pair of warm containers before the timed ones: the first compile code paths. */
const WARM_UP_COMMANDS = 5;

/** One worker memory size's figures; `http` is at its deployed size throughout. */
export interface PathToCardAtSize {
  /** Signed request sent to a cold `http` → the approvers' card at Slack, through a cold worker (median). */
  coldMs: number;
  /** The same through warm containers of both (median). */
  warmMs: number;
  /** What Lambda bills a cold worker for, INIT and run: from its process's start to its handler's return (median). */
  workerColdBilledMs: number;
  /** What it bills a warm worker for: its handler's run (median). */
  workerWarmBilledMs: number;
  /**
   * CPU time (user + system) a cold worker used to its handler's return (median): the work itself,
   * which other load on the machine disturbs least.
   */
  workerColdCpuMs: number;
}

export interface PathToCard {
  httpMemoryMb: number;
  /** Whether each process was held to its memory size's Lambda CPU share (false: no writable cgroup). */
  atLambdaShare: boolean;
  bySize: Record<number, PathToCardAtSize>;
}

type Cpu = { controller: CpuController; memoryMb: number } | undefined;

/**
 * Where the path to the card is measured: `http` at its deployed memory size, the worker at each
 * compared size and at its deployed one. Without a CPU quota every size would run alike, so at the
 * deployed one only.
 */
export function pathToCardSizes(
  functions: Record<string, DeployedFunction>,
  atLambdaShare: boolean,
): { httpMemoryMb: number; workerMemoryMb: number[] } {
  const size = (name: string) => {
    const mb = functions[name]?.memorySizeMb;
    if (!mb) throw new Error(`serverless.yml gives no memory size for ${name}`);
    return mb;
  };
  const deployed = size('worker');
  const compared = atLambdaShare ? [...WORKER_MEMORY_MB, deployed] : [deployed];
  return { httpMemoryMb: size('http'), workerMemoryMb: [...new Set(compared)].sort((a, b) => a - b) };
}

/**
 * What a requester and the approvers wait for after a `/bucket-key create`: from the signed request
 * leaving to the approvers' card arriving at the Slack stand-in. `http` and `worker` are the built
 * bundles, each in a process of its own with its deployed environment and, given `cpu`, its memory
 * size's Lambda CPU share; the Lambda stand-in starts the worker on `http`'s async Invoke. Cold: a
 * fresh process of each per command (`runs.cold` at each size, the sizes alternated). Warm: one
 * container of each, kept, `runs.warm` commands after the warm-up.
 */
export async function measurePathToCard(
  s: LambdaStandIns,
  bundles: { http: string; worker: string },
  runs: { cold: number; warm: number },
  cpu: CpuController | undefined,
): Promise<PathToCard> {
  const { httpMemoryMb, workerMemoryMb: sizes } = pathToCardSizes(s.functions, cpu !== undefined);
  const at = (memoryMb: number): Cpu => (cpu ? { controller: cpu, memoryMb } : undefined);
  const cold = new Map<number, Array<{ toCardMs: number; workerBilledMs: number; workerCpuMs: number }>>(
    sizes.map((mb) => [mb, []]),
  );
  for (let i = 0; i < runs.cold; i++)
    for (const mb of sizes)
      cold.get(mb)?.push(await coldCommand(s, bundles, { http: at(httpMemoryMb), worker: at(mb) }));
  const bySize: Record<number, PathToCardAtSize> = {};
  for (const mb of sizes) {
    const warm = await warmCommands(s, bundles, { http: at(httpMemoryMb), worker: at(mb) }, runs.warm);
    const samples = cold.get(mb) ?? [];
    bySize[mb] = {
      coldMs: median(samples.map((sample) => sample.toCardMs)),
      warmMs: median(warm.map((sample) => sample.toCardMs)),
      workerColdBilledMs: median(samples.map((sample) => sample.workerBilledMs)),
      workerWarmBilledMs: median(warm.map((sample) => sample.workerBilledMs)),
      workerColdCpuMs: median(samples.map((sample) => sample.workerCpuMs)),
    };
  }
  return { httpMemoryMb, atLambdaShare: cpu !== undefined, bySize };
}

let commands = 0;

/** A signed `/bucket-key create` from a requester never seen before, so each one posts a new card. */
function newCommand(s: LambdaStandIns): { event: unknown; card: Promise<number> } {
  const userId = `UPATH${String(++commands).padStart(6, '0')}`;
  addUsers(s.stack, [userId]);
  const channelId = `D${userId.slice(1)}`;
  const body = slashCommandBody({
    text: 'create media-assets waiting for the card',
    userId,
    channelId,
    responseUrl: s.stack.slack.newResponseUrl(userId, channelId),
  });
  const card = new Promise<number>((resolve) => {
    s.stack.slack.onMessage = (message) => {
      if (message.channel === 'CAPPROVALS' && message.text.startsWith(`${userId} asks`))
        resolve(performance.now());
    };
  });
  return { event: apiGatewayV2Event(body, signedHeaders(s.signingSecret, body)), card };
}

function answered(run: unknown): void {
  const status = (run as { statusCode?: number } | null)?.statusCode;
  if (status !== 200) throw new Error(`http answered the command ${status}`);
}

/** One command through a fresh `http` process and, on its Invoke, a fresh `worker` process. */
export async function coldCommand(
  s: LambdaStandIns,
  bundles: { http: string; worker: string },
  cpu: { http: Cpu; worker: Cpu },
): Promise<{ toCardMs: number; workerBilledMs: number; workerCpuMs: number }> {
  const { event, card } = newCommand(s);
  let worker: Promise<BundleRun> | undefined;
  const invoked = new Promise<void>((resolve) => {
    s.lambda.onEvent = (_name, payload) => {
      worker = runBundle(bundles.worker, payload, s.env.worker ?? {}, cpu.worker);
      resolve();
    };
  });
  const started = performance.now();
  const http = await runBundle(bundles.http, event, s.env.http ?? {}, cpu.http);
  answered(http.result);
  await invoked;
  const run = await (worker as Promise<BundleRun>);
  s.lambda.onEvent = undefined;
  return {
    toCardMs: (await arrived(card)) - started,
    workerBilledMs: run.firstAnswerMs,
    workerCpuMs: run.cpuMs,
  };
}

/** `count` commands, after the warm-up, through one warm container of each function. */
async function warmCommands(
  s: LambdaStandIns,
  bundles: { http: string; worker: string },
  cpu: { http: Cpu; worker: Cpu },
  count: number,
): Promise<Array<{ toCardMs: number; workerBilledMs: number }>> {
  const http = startWarmBundle(bundles.http, s.env.http ?? {}, cpu.http);
  const worker = startWarmBundle(bundles.worker, s.env.worker ?? {}, cpu.worker);
  try {
    const samples: Array<{ toCardMs: number; workerBilledMs: number }> = [];
    for (let i = 0; i < WARM_UP_COMMANDS + count; i++) {
      const sample = await warmCommand(s, http, worker);
      if (i >= WARM_UP_COMMANDS) samples.push(sample);
    }
    return samples;
  } finally {
    s.lambda.onEvent = undefined;
    await Promise.all([http.stop(), worker.stop()]);
  }
}

async function warmCommand(
  s: LambdaStandIns,
  http: WarmBundleProcess,
  worker: WarmBundleProcess,
): Promise<{ toCardMs: number; workerBilledMs: number }> {
  const { event, card } = newCommand(s);
  const workerRun = new Promise<number>((resolve, reject) => {
    s.lambda.onEvent = (_name, payload) => {
      const invokedAt = performance.now();
      worker.invoke(payload).then(() => resolve(performance.now() - invokedAt), reject);
    };
  });
  const started = performance.now();
  answered(await http.invoke(event));
  const workerBilledMs = await workerRun;
  return { toCardMs: (await arrived(card)) - started, workerBilledMs };
}

/** The card's arrival: the worker posts it before it returns, so once the worker is done it is there, or never comes. */
async function arrived(card: Promise<number>): Promise<number> {
  const at = await Promise.race([card, Promise.resolve(undefined)]);
  if (at === undefined) throw new Error('the worker finished without posting the approvers’ card');
  return at;
}

// `npx tsx bench/path-to-card.ts [coldRuns] [warmRuns]` builds the bundles and runs this step alone.
if (process.argv[1]?.endsWith('path-to-card.ts')) {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { bundle, FUNCTIONS } = await import('../scripts/build.js');
  const { openCpuQuota } = await import('./cpu-quota.js');
  const { deployedArchitecture } = await import('./deployed-functions.js');
  const { startLambdaStandIns } = await import('./lambda-stand-ins.js');
  const report = await import('./path-to-card-report.js');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const out = mkdtempSync(join(tmpdir(), 'bucket-key-path-to-card-'));
  const bundles = {
    http: join(await bundle('http', FUNCTIONS.http, out), 'index.js'),
    worker: join(await bundle('worker', FUNCTIONS.worker, out), 'index.js'),
  };
  const quota = openCpuQuota();
  const runs = { cold: Number(process.argv[2] ?? 7), warm: Number(process.argv[3] ?? 15) };
  const s = await startLambdaStandIns();
  const measured = await measurePathToCard(s, bundles, runs, 'unavailable' in quota ? undefined : quota);
  await s.stop();
  const workerMemoryMb = s.functions.worker?.memorySizeMb ?? 0;
  const r = { ...report.pathToCardFigures(measured, workerMemoryMb), workerMemoryMb };
  console.log(
    report
      .pathToCardRows(r, runs)
      .map((row) => `| ${row.join(' | ')} |`)
      .join('\n'),
  );
  console.log(`\n${report.pathToCardTable(r, deployedArchitecture())}`);
}
