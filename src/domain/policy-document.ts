import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { resolveApprovalRules } from './approval-rules.js';
import { type PolicyDefaults, type PolicyFile, policyFileSchema } from './policy.js';
import { DOCUMENT_PATH, type PolicyProblem, problemsOfIssues } from './policy-problems.js';

/** The most a policy may hold: an SSM advanced parameter's 8 KB (a standard one holds 4 KB). */
export const MAX_POLICY_BYTES = 8192;
/** Above this, the parameter must be in SSM's advanced tier. */
export const STANDARD_TIER_MAX_CHARACTERS = 4096;

/** What reading one version of the policy found: the document, or every fault with its path. */
export type PolicyVerdict = { ok: true; file: PolicyFile } | { ok: false; problems: PolicyProblem[] };

/** SHA-256 (hex) of the policy's exact text, as recorded on the audit chain. */
export function policyHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Reads one version of the policy, the same way wherever it comes from (the SSM parameter, the file,
 * `npm run policy:check`): size, YAML, the schema, then the rules no schema can say (every requestable
 * bucket must be approvable). Never throws: a fault is a problem with its path.
 */
export function readPolicyDocument(text: string, defaults: PolicyDefaults): PolicyVerdict {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES)
    return fault(
      `is ${bytes} bytes; a policy holds at most ${MAX_POLICY_BYTES} (an SSM advanced parameter's limit)`,
    );
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    return fault(`is not YAML: ${firstLine((error as Error).message)}`);
  }
  const parsed = policyFileSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success)
    return { ok: false, problems: problemsOfIssues(parsed.error.issues, policyFileSchema) };
  const problems = approvabilityProblems(parsed.data, defaults);
  return problems.length ? { ok: false, problems } : { ok: true, file: parsed.data };
}

function fault(message: string): PolicyVerdict {
  return { ok: false, problems: [{ path: DOCUMENT_PATH, message }] };
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

/**
 * A requestable bucket nobody could ever approve is a lock-out: it asks for more distinct approvers
 * than its approvers (and reminder escalation) name, with no user group that could supply more.
 * Buckets that fall back to APPROVER_IDS are checked only when those are known (policy:check may run
 * without them).
 */
export function approvabilityProblems(file: PolicyFile, defaults: PolicyDefaults): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const check = (
    path: string,
    own: readonly string[] | undefined,
    bucket: PolicyFile['buckets'][string] | undefined,
  ) => {
    const approvers = own ?? defaults.approvers;
    if (!own && approvers.length === 0) return;
    const rules = resolveApprovalRules(file, bucket);
    const deciders = new Set([...approvers, ...(rules.reminders?.escalateTo ?? [])]);
    if ([...deciders].some((id) => id.startsWith('S')) || deciders.size >= rules.approvalsRequired) return;
    const named = own ? 'its approvers' : 'APPROVER_IDS';
    problems.push({
      path,
      message: `asks for ${rules.approvalsRequired} distinct approvers, but ${named} (with any reminders.escalateTo) name only ${deciders.size} (${[...deciders].join(', ')}) and no user group: no request could ever be approved`,
    });
  };
  for (const [bucket, rules] of Object.entries(file.buckets)) {
    const path =
      rules.approvalsRequired !== undefined
        ? `buckets.${bucket}.approvalsRequired`
        : rules.approvers
          ? `buckets.${bucket}.approvers`
          : 'approvalsRequired';
    check(path, rules.approvers, rules);
  }
  if (!file.restrictToListedBuckets) check('approvalsRequired', undefined, undefined);
  // Buckets that inherit everything fail at the same top-level key: say it once.
  return problems.filter((problem, i) => problems.findIndex((other) => other.path === problem.path) === i);
}
