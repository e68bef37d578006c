import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../../domain/errors.js';
import type { PolicySource, PolicyVersion } from '../../ports/policy-source.js';

/**
 * The policy as a YAML file (BUCKET_KEY_POLICY), for `npm run serve`, Socket Mode and tests: read once,
 * when the bot starts, so a change takes effect at the next start. A file has no versions: it is
 * version 0, named by its path and told apart by its hash.
 */
export class FilePolicySource implements PolicySource {
  private constructor(
    readonly name: string,
    /** The file as it was read at start. */
    readonly read: PolicyVersion,
  ) {}

  /** Reads the file now; a file that cannot be read stops the start with a message naming it. */
  static load(path: string): FilePolicySource {
    try {
      const text = readFileSync(path, 'utf8');
      return new FilePolicySource(path, { version: 0, text, modifiedAt: statSync(path).mtime.toISOString() });
    } catch (error) {
      throw new ConfigError(`BUCKET_KEY_POLICY: cannot read ${path}`, { cause: error });
    }
  }

  async current(): Promise<PolicyVersion> {
    return this.read;
  }

  async history(): Promise<PolicyVersion[]> {
    return [this.read];
  }
}
