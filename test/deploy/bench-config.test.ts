import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  deployedArchitecture,
  deployedFunctions,
  functionProcessEnv,
  SERVERLESS_YML,
} from '../../bench/deployed-functions.js';
import { USD_PER_GB_SECOND } from '../../bench/lambda-share-report.js';
import { pathToCardSizes, WORKER_MEMORY_MB } from '../../bench/path-to-card.js';

// serverless.yml read plainly (CloudFormation tags left unresolved), independently of the benchmark.
// biome-ignore lint/suspicious/noExplicitAny: serverless.yml is untyped YAML
const yml: Record<string, any> = parse(readFileSync(SERVERLESS_YML, 'utf8'), { logLevel: 'silent' });
const names = Object.keys(yml.functions);
const bench = deployedFunctions({ approvalChannelId: 'CBENCH', approverIds: 'UBENCH' });

describe('the benchmark runs each function as serverless.yml deploys it', () => {
  it('knows every function serverless.yml deploys, and no other', () => {
    expect(Object.keys(bench).sort()).toEqual([...names].sort());
  });

  it.each(names)('%s: the same memory size', (name) => {
    expect(bench[name]?.memorySizeMb).toBe(yml.functions[name].memorySize ?? yml.provider.memorySize);
  });

  it.each(names)('%s: exactly the deployed NODE_OPTIONS, or none', (name) => {
    const deployed = yml.functions[name].environment?.NODE_OPTIONS ?? yml.provider.environment?.NODE_OPTIONS;
    expect(bench[name]?.environment.NODE_OPTIONS).toBe(deployed);
  });

  it.each(names)('%s: every deployed variable, literal values unchanged, parameters filled in', (name) => {
    const raw = { ...yml.provider.environment, ...yml.functions[name].environment };
    const env = bench[name]?.environment ?? {};
    expect(Object.keys(env).sort()).toEqual(Object.keys(raw).sort());
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === 'string' && !value.includes('${') && !/^[A-Z][A-Za-z]+Table$/.test(value))
        expect(env[key], key).toBe(value);
    }
    if ('APPROVAL_CHANNEL_ID' in env) expect(env.APPROVAL_CHANNEL_ID).toBe('CBENCH');
    for (const value of Object.values(env)) expect(value).not.toMatch(/\$\{|\[object/);
  });

  it('starts each process with the deployed environment unchanged, whatever the stand-ins say', () => {
    for (const fn of Object.values(bench)) {
      const env = functionProcessEnv(fn, {
        NODE_OPTIONS: '--stand-in',
        LOG_LEVEL: 'SILENT',
        SLACK_API_URL: 'http://127.0.0.1:1/api/',
      });
      expect(env).toMatchObject(fn.environment);
      expect(env.NODE_OPTIONS).toBe(fn.environment.NODE_OPTIONS);
      expect(env.SLACK_API_URL).toBe('http://127.0.0.1:1/api/');
    }
  });

  it('resolves a table reference to the table’s deployed name', () => {
    expect(bench.worker?.environment.REQUESTS_TABLE).toBe('bucket-key-prod-requests');
    expect(bench.worker?.environment.AUDIT_TABLE).toBe('bucket-key-prod-audit-chain');
  });

  describe('the wait for the approvers’ card', () => {
    it('is measured with http at its deployed memory size and the worker at its deployed one', () => {
      const sizes = pathToCardSizes(bench, true);
      expect(sizes.httpMemoryMb).toBe(yml.functions.http.memorySize ?? yml.provider.memorySize);
      expect(sizes.workerMemoryMb).toContain(yml.functions.worker.memorySize ?? yml.provider.memorySize);
      for (const mb of WORKER_MEMORY_MB) expect(sizes.workerMemoryMb).toContain(mb);
    });

    it('without a CPU quota, is measured at the deployed worker size only', () => {
      expect(pathToCardSizes(bench, false).workerMemoryMb).toEqual([yml.functions.worker.memorySize]);
    });

    it('is priced for the architecture serverless.yml deploys', () => {
      expect(deployedArchitecture()).toBe(yml.provider.architecture ?? 'x86_64');
      expect(USD_PER_GB_SECOND[deployedArchitecture()]).toBeGreaterThan(0);
    });
  });
});
