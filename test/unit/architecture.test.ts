import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: Array<{ name: string; from: { path: string; pathNot?: string }; to: { path: string } }>;
};

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('services decide, Slack renders', () => {
  it('forbids every service, with no exception, from importing the Slack layer or its adapter', () => {
    const rule = config.forbidden.find((r) => r.name === 'services-never-import-slack');
    expect(rule?.from).toEqual({ path: '^src/services/' });
    expect(rule?.to.path).toBe('^src/(slack|adapters/slack)/');
  });

  it('has no service that names a Slack module, even in a type-only import', () => {
    const speaking = filesUnder('src/services').filter((file) =>
      /from '[./]*(slack|adapters\/slack)\//.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(speaking).toEqual([]);
  });
});
