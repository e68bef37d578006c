import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type CpuController, createQuotaGroup, inCgroup } from './cpu-quota.js';

const INVOKE_BUNDLE = join(import.meta.dirname, '..', 'scripts', 'invoke-bundle.mjs');

export interface BundleRun {
  /** Milliseconds since the process started, when the handler was loaded and when it answered. */
  readyMs: number;
  firstAnswerMs: number;
  /** CPU time (user + system) the process had used when it answered. */
  cpuMs: number;
  /** The process's start, epoch milliseconds (`performance.timeOrigin`). */
  timeOrigin: number;
  result: unknown;
}

/**
 * One cold start: a fresh Node process with exactly `env` (plus PATH) loads the bundle and runs
 * one event. With `cpu`, the process runs in its own cgroup at `memoryMb`'s Lambda CPU share
 * from its first instruction, and the cgroup is removed after it exits.
 */
export function runBundle(
  bundlePath: string,
  event: unknown,
  env: Record<string, string>,
  cpu?: { controller: CpuController; memoryMb: number },
): Promise<BundleRun> {
  const group = cpu ? createQuotaGroup(cpu.controller, cpu.memoryMb) : undefined;
  const node: [string, string[]] = [process.execPath, [INVOKE_BUNDLE, bundlePath]];
  const [command, args] = group ? inCgroup(group.procsFile, ...node) : node;
  return new Promise<BundleRun>((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as BundleRun);
      } catch {
        reject(new Error(`${bundlePath} exited ${code} without a result: ${err.slice(0, 500)}`));
      }
    });
    child.stdin.end(JSON.stringify(event));
  }).finally(() => group?.remove());
}

const WARM_BUNDLE = join(import.meta.dirname, '..', 'scripts', 'warm-bundle.mjs');

/** A bundle loaded once and invoked again and again, as a warm Lambda container keeps it. */
export interface WarmBundleProcess {
  /** One more invocation: resolves with what the handler returned, once it has. */
  invoke(event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * A warm container: `scripts/warm-bundle.mjs` loads the bundle in a fresh process with exactly
 * `env` (plus PATH), in its own cgroup at `memoryMb`'s Lambda CPU share when `cpu` is given, and
 * runs one event per line of its stdin, in order.
 */
export function startWarmBundle(
  bundlePath: string,
  env: Record<string, string>,
  cpu?: { controller: CpuController; memoryMb: number },
): WarmBundleProcess {
  const group = cpu ? createQuotaGroup(cpu.controller, cpu.memoryMb) : undefined;
  const node: [string, string[]] = [process.execPath, [WARM_BUNDLE, bundlePath]];
  const [command, args] = group ? inCgroup(group.procsFile, ...node) : node;
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } });
  const waiting: Array<{ resolve(value: unknown): void; reject(error: Error): void }> = [];
  let pending = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{"result"') && !line.startsWith('{"error"')) continue;
      const answer = JSON.parse(line) as { result?: unknown; error?: string };
      const next = waiting.shift();
      if (answer.error === undefined) next?.resolve(answer.result);
      else next?.reject(new Error(`${bundlePath}: ${answer.error}`));
    }
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.on('close', (code) => {
      for (const next of waiting.splice(0))
        next.reject(new Error(`${bundlePath} exited ${code}: ${err.slice(0, 500)}`));
      group?.remove();
      resolve();
    });
  });
  return {
    invoke: (event) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify(event)}\n`);
      }),
    stop: () => {
      child.stdin.end();
      return exited;
    },
  };
}
