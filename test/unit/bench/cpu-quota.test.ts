import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cpuQuotaFor,
  createQuotaGroup,
  findCpuController,
  inCgroup,
  openCpuQuota,
  quotaWrites,
} from '../../../bench/cpu-quota.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A fake /sys/fs/cgroup holding `files` (path → content). */
function fakeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cgroup-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('cpuQuotaFor', () => {
  it.each([
    [1769, 100_000],
    [1024, 57_886],
    [512, 28_943],
    [256, 14_471],
    [3538, 200_000],
  ])('gives %i MB its Lambda share of one CPU: %i µs per 100 ms', (memoryMb, quotaUs) => {
    expect(cpuQuotaFor(memoryMb)).toEqual({ quotaUs, periodUs: 100_000 });
  });

  it('scales with the period', () => {
    expect(cpuQuotaFor(512, 1_000_000)).toEqual({ quotaUs: 289_429, periodUs: 1_000_000 });
  });
});

describe('findCpuController', () => {
  it('finds cgroup v1 on a hybrid host, whose cgroup2 has no controllers', () => {
    const root = fakeRoot({ 'cpu/cpu.cfs_quota_us': '-1', 'unified/cgroup.controllers': '\n' });
    expect(findCpuController(root)).toEqual({ version: 1, dir: join(root, 'cpu') });
  });

  it('finds v1 mounted as cpu,cpuacct', () => {
    const root = fakeRoot({ 'cpu,cpuacct/cpu.cfs_quota_us': '-1' });
    expect(findCpuController(root)).toEqual({ version: 1, dir: join(root, 'cpu,cpuacct') });
  });

  it('finds cgroup2 at the root when it offers cpu', () => {
    const root = fakeRoot({ 'cgroup.controllers': 'cpuset cpu io memory pids\n' });
    expect(findCpuController(root)).toEqual({ version: 2, dir: root });
  });

  it('finds cgroup2 under unified/ when it offers cpu', () => {
    const root = fakeRoot({ 'unified/cgroup.controllers': 'cpu memory\n' });
    expect(findCpuController(root)).toEqual({ version: 2, dir: join(root, 'unified') });
  });

  it('does not take cpuset for cpu, and finds nothing in an empty root', () => {
    expect(findCpuController(fakeRoot({ 'cgroup.controllers': 'cpuset io memory\n' }))).toBeUndefined();
    expect(findCpuController(fakeRoot({}))).toBeUndefined();
  });

  it('says why when there is nothing to limit with', () => {
    const root = fakeRoot({});
    expect(openCpuQuota(root)).toEqual({ unavailable: `no cgroup CPU controller under ${root}` });
  });
});

describe('quota groups', () => {
  it('writes the period before the quota on v1, and cpu.max on v2, each with the largest weight', () => {
    const quota = { quotaUs: 28_943, periodUs: 100_000 };
    // The weight: other load on the machine cannot hold the group under its quota.
    expect(quotaWrites(1, quota)).toEqual([
      ['cpu.cfs_period_us', '100000'],
      ['cpu.cfs_quota_us', '28943'],
      ['cpu.shares', '262144'],
    ]);
    expect(quotaWrites(2, quota)).toEqual([
      ['cpu.max', '28943 100000'],
      ['cpu.weight', '10000'],
    ]);
  });

  it('creates a group with the quota of a memory size, enabling cpu for children on v2', () => {
    const root = fakeRoot({ 'cgroup.controllers': 'cpu\n', 'cgroup.subtree_control': '\n' });
    const group = createQuotaGroup({ version: 2, dir: root }, 1024);
    const dir = join(group.procsFile, '..');
    expect(readFileSync(join(dir, 'cpu.max'), 'utf8')).toBe('57886 100000');
    expect(readFileSync(join(root, 'cgroup.subtree_control'), 'utf8')).toBe('+cpu');
    expect(readdirSync(root).filter((name) => name.startsWith('bucket-key-bench-'))).toHaveLength(1);
  });

  it('puts the process in the group before it runs: the pid written is the command’s own', () => {
    const procsFile = join(fakeRoot({ 'g/cgroup.procs': '' }), 'g', 'cgroup.procs');
    const [command, args] = inCgroup(procsFile, process.execPath, ['-e', 'console.log(process.pid)']);
    const printed = execFileSync(command, args, { encoding: 'utf8' }).trim();
    expect(readFileSync(procsFile, 'utf8').trim()).toBe(printed);
  });
});
