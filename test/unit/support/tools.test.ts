import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectTools, planTools } from '../../support/tools.js';

describe('what npm test does about missing programs', () => {
  const bin = mkdtempSync(join(tmpdir(), 'bucket-key-tools-'));
  for (const name of ['chromium', 'java', 'moto_server']) {
    writeFileSync(join(bin, name), '#!/bin/sh\n');
    chmodSync(join(bin, name), 0o755);
  }
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('finds the programs on PATH, as a shell would', () => {
    const found = detectTools({ PATH: `/nonexistent:${bin}` });

    expect(found.map((check) => [check.tool, check.path])).toEqual([
      ['chromium', join(bin, 'chromium')],
      ['java', join(bin, 'java')],
      ['moto_server', join(bin, 'moto_server')],
    ]);
  });

  it('with PATH stripped, skips their suites with one line each naming the program and its install', () => {
    const plan = planTools({ PATH: '' });

    expect(plan.failure).toBeUndefined();
    expect(plan.chromium).toBeUndefined();
    expect(plan.java).toBeUndefined();
    expect(plan.moto_server).toBeUndefined();
    expect(plan.skipped).toHaveLength(3);
    expect(plan.skipped[0]).toMatch(/test\/e2e.*`chromium`.*apt-get install chromium fonts-noto-color-emoji/);
    expect(plan.skipped[1]).toMatch(/DynamoDB Local.*`java`.*apt-get install default-jre-headless/);
    expect(plan.skipped[2]).toMatch(/test\/evidence.*STS.*SSM.*`moto_server`.*pip install 'moto\[server\]'/);
  });

  it('under CI=true, fails instead of skipping', () => {
    const plan = planTools({ PATH: '', CI: 'true' });

    expect(plan.skipped).toEqual([]);
    expect(plan.failure).toMatch(
      /CI=true.*`chromium` for the browser suite.*`java` for the DynamoDB Local.*`moto_server` for the suites against moto_server/,
    );
  });

  it('under CI=true with everything present, neither skips nor fails', () => {
    const plan = planTools({ PATH: bin, CI: 'true' });

    expect(plan).toEqual({
      skipped: [],
      chromium: join(bin, 'chromium'),
      java: join(bin, 'java'),
      moto_server: join(bin, 'moto_server'),
    });
  });

  it('a file that is not executable does not count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bucket-key-tools-'));
    writeFileSync(join(dir, 'java'), '');
    try {
      expect(detectTools({ PATH: dir }).find((check) => check.tool === 'java')?.path).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
