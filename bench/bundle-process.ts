import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type CpuController, createQuotaGroup, inCgroup } from './cpu-quota.js';

const INVOKE_BUNDLE = join(import.meta.dirname, '..', 'scripts', 'invoke-bundle.mjs');

export interface BundleRun {
  /** Milliseconds since the process started, when the handler was loaded and when it answered. */
  readyMs: number;
  firstAnswerMs: number;
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
