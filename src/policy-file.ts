import { FilePolicySource } from './adapters/file/file-policy-source.js';
import { ConfigError } from './domain/errors.js';
import { Policy, type PolicyDefaults, type PolicyFile } from './domain/policy.js';
import { policyHash, readPolicyDocument } from './domain/policy-document.js';
import { problemLines } from './domain/policy-problems.js';

// Kept apart from config.ts so that the http function, which decides nothing, does not bundle a YAML parser.

/** Defaults unknown (no APPROVER_IDS): buckets that would fall back to them are not checked for approvers. */
const UNKNOWN_DEFAULTS: PolicyDefaults = { region: 'us-east-1', approvers: [] };

/**
 * Reads and validates the YAML policy file, as the SSM parameter is validated; errors name the file
 * and the path of every fault.
 */
export function loadPolicyFile(path: string, defaults: PolicyDefaults = UNKNOWN_DEFAULTS): PolicyFile {
  return readFile(path, defaults).file;
}

/** The policy of the file BUCKET_KEY_POLICY, read once at start; a fault stops the start. */
export function policyFromFile(path: string, defaults: PolicyDefaults): Policy {
  const { file, text } = readFile(path, defaults);
  return new Policy(defaults, file, { source: 'file', name: path, sha256: policyHash(text) });
}

function readFile(path: string, defaults: PolicyDefaults): { file: PolicyFile; text: string } {
  // The file source reads it now: it is read once, when the bot starts.
  const { text } = FilePolicySource.load(path).read;
  const verdict = readPolicyDocument(text, defaults);
  if (!verdict.ok)
    throw new ConfigError(`BUCKET_KEY_POLICY ${path}: ${problemLines(verdict.problems).join('; ')}`);
  return { file: verdict.file, text };
}
