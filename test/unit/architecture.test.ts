import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const stillRendering: string[] = createRequire(import.meta.url)(join(root, 'dependency-ratchet.cjs'));

describe('the services → Slack ratchet (dependency-ratchet.cjs)', () => {
  it('lists only services that still import a Block Kit builder, so a converted one must leave it', () => {
    const stale = stillRendering.filter(
      (file) => !/from '[./]*slack\/messages\//.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(stale).toEqual([]);
  });

  it('lists services only, each once', () => {
    expect(stillRendering.every((file) => file.startsWith('src/services/'))).toBe(true);
    expect(new Set(stillRendering).size).toBe(stillRendering.length);
  });
});
