import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temporary policy files for BUCKET_KEY_POLICY; `cleanup()` removes every one written. */
export function policyFiles() {
  const dirs: string[] = [];
  return {
    write(yaml: string): string {
      const dir = mkdtempSync(join(tmpdir(), 'bucket-key-policy-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'policy.yml'), yaml);
      return join(dir, 'policy.yml');
    },
    cleanup(): void {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
