import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Lambda gives CPU in proportion to memory: one vCPU at 1,769 MB (AWS, "Configure Lambda function memory"). */
export const MB_PER_VCPU = 1769;
/** The kernel's default CFS period. */
export const PERIOD_US = 100_000;

/** Lambda's CPU share for `memoryMb`, as a CFS quota per period. */
export function cpuQuotaFor(memoryMb: number, periodUs = PERIOD_US): { quotaUs: number; periodUs: number } {
  return { quotaUs: Math.round((periodUs * memoryMb) / MB_PER_VCPU), periodUs };
}

/** A cgroup directory whose children can be given a CPU quota: v1's `cpu` hierarchy or a cgroup2 one. */
export interface CpuController {
  version: 1 | 2;
  dir: string;
}

/**
 * Where the CPU controller lives under `root`: v1 (`cpu/` with `cpu.cfs_quota_us`, as on hybrid
 * hosts) first, else cgroup2 at `root` or `root/unified` when its `cgroup.controllers` lists `cpu`.
 */
export function findCpuController(root = '/sys/fs/cgroup'): CpuController | undefined {
  for (const name of ['cpu', 'cpu,cpuacct', 'cpuacct,cpu']) {
    const dir = join(root, name);
    if (existsSync(join(dir, 'cpu.cfs_quota_us'))) return { version: 1, dir };
  }
  for (const dir of [root, join(root, 'unified')]) {
    const controllers = join(dir, 'cgroup.controllers');
    if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu'))
      return { version: 2, dir };
  }
  return undefined;
}

/**
 * The kernel's largest scheduling weight (v1 `cpu.shares`, v2 `cpu.weight`). Lambda's share is the
 * function's own, whatever else runs on the host; on a machine that other work loads, a group of
 * ordinary weight would get less than its quota. The quota still caps it: the group never takes more
 * than its share.
 */
export const GUARANTEED_WEIGHT = { 1: '262144', 2: '10000' } as const;

/** The files that set a quota on a fresh cgroup, and what to write in each, in order. */
export function quotaWrites(
  version: 1 | 2,
  quota: { quotaUs: number; periodUs: number },
): Array<[file: string, content: string]> {
  return version === 1
    ? [
        ['cpu.cfs_period_us', String(quota.periodUs)],
        ['cpu.cfs_quota_us', String(quota.quotaUs)],
        ['cpu.shares', GUARANTEED_WEIGHT[1]],
      ]
    : [
        ['cpu.max', `${quota.quotaUs} ${quota.periodUs}`],
        ['cpu.weight', GUARANTEED_WEIGHT[2]],
      ];
}

/**
 * `command args…` run so that it joins the cgroup before it starts: the shell writes its own pid
 * into `cgroup.procs`, then becomes the command (exec keeps the pid), so Node's own start is inside.
 */
export function inCgroup(procsFile: string, command: string, args: readonly string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', procsFile, command, ...args]];
}

let groups = 0;

/** A fresh cgroup under `controller` limited to `memoryMb`'s Lambda share; `remove()` once its process has exited. */
export function createQuotaGroup(
  controller: CpuController,
  memoryMb: number,
): { procsFile: string; remove(): void } {
  if (controller.version === 2) enableCpuForChildren(controller.dir);
  const dir = join(controller.dir, `bucket-key-bench-${process.pid}-${++groups}`);
  mkdirSync(dir);
  try {
    for (const [file, content] of quotaWrites(controller.version, cpuQuotaFor(memoryMb)))
      writeFileSync(join(dir, file), content);
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  return { procsFile: join(dir, 'cgroup.procs'), remove: () => rmdirSync(dir) };
}

function enableCpuForChildren(dir: string): void {
  const control = join(dir, 'cgroup.subtree_control');
  if (!readFileSync(control, 'utf8').split(/\s+/).includes('cpu')) writeFileSync(control, '+cpu');
}

/**
 * The CPU controller if this process may make quota groups in it, or why not: tries one (creating,
 * writing a quota, removing), since only the kernel knows what is permitted.
 */
export function openCpuQuota(root = '/sys/fs/cgroup'): CpuController | { unavailable: string } {
  if (process.platform !== 'linux') return { unavailable: 'cgroups are Linux only' };
  const controller = findCpuController(root);
  if (!controller) return { unavailable: `no cgroup CPU controller under ${root}` };
  try {
    createQuotaGroup(controller, MB_PER_VCPU).remove();
    return controller;
  } catch (error) {
    return {
      unavailable: `cannot create a cgroup with a CPU quota in ${controller.dir} (${(error as Error).message})`,
    };
  }
}
