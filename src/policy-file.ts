import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './domain/errors.js';
import { type PolicyFile, policyFileSchema } from './domain/policy.js';

// Kept apart from config.ts so that the http function, which decides nothing, does not bundle a YAML parser.

/** Reads and validates the YAML policy file; errors name the file and the offending path. */
export function loadPolicyFile(path: string): PolicyFile {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`BUCKET_KEY_POLICY: cannot read ${path}`, { cause: error });
  }
  const parsed = policyFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'} ${issue.message}`,
    );
    throw new ConfigError(`BUCKET_KEY_POLICY ${path}: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return parsed.data;
}
