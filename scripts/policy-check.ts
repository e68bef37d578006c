/**
 * `npm run policy:check -- policy.yml`: validates a policy offline, with the bot's own reading of a
 * version (domain/policy-document.ts) and its own evaluator (domain/policy-explain.ts), and prints what
 * the policy says of every bucket, in the words `/bucket-key policy explain` uses. Exits 1 on an
 * invalid policy, naming the path of every fault; 2 when the file or the environment cannot be read.
 * Run it in the CI of the repository that holds the policy, before `aws ssm put-parameter`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseDuration } from '../src/domain/duration.js';
import { SLACK_USER_OR_GROUP_ID } from '../src/domain/patterns.js';
import { DEFAULT_KEY_MAX_AGE_MS, Policy, type PolicyDefaults } from '../src/domain/policy.js';
import {
  MAX_POLICY_BYTES,
  policyHash,
  readPolicyDocument,
  STANDARD_TIER_MAX_CHARACTERS,
} from '../src/domain/policy-document.js';
import { explainBucket } from '../src/domain/policy-explain.js';
import { problemLines } from '../src/domain/policy-problems.js';
import { bucketRuleLines } from '../src/slack/messages/policy-lines.js';

export interface CheckResult {
  code: 0 | 1 | 2;
  lines: string[];
}

const USAGE = 'usage: npm run policy:check -- <policy.yml>';

/** The same defaults the bot builds every version on, from the same variables (all optional here). */
export function defaultsFromEnv(env: Record<string, string | undefined>): PolicyDefaults | string {
  const approvers = (env.APPROVER_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const bad = approvers.find((id) => !SLACK_USER_OR_GROUP_ID.test(id));
  if (bad) return `APPROVER_IDS: ${bad} is not a Slack user id (U…) or user-group id (S…)`;
  const durations: Array<[keyof PolicyDefaults, string]> = [
    ['keyMaxAgeMs', 'KEY_MAX_AGE'],
    ['rotationGraceMs', 'ROTATION_GRACE'],
    ['expiryWarningMs', 'KEY_EXPIRY_WARNING'],
    ['idleMaxMs', 'KEY_IDLE_MAX'],
  ];
  const defaults: Record<string, unknown> = {
    region: env.AWS_REGION || 'us-east-1',
    approvers,
    keyMaxAgeMs: DEFAULT_KEY_MAX_AGE_MS,
  };
  for (const [key, variable] of durations) {
    const text = env[variable]?.trim();
    if (!text) continue;
    // As the bot reads it: KEY_MAX_AGE=none lets keys live until revoked.
    if (variable === 'KEY_MAX_AGE' && text === 'none') {
      delete defaults[key];
      continue;
    }
    const ms = parseDuration(text);
    if (ms === undefined) return `${variable}: "${text}" is not a duration such as 30d`;
    defaults[key] = ms;
  }
  return defaults as unknown as PolicyDefaults;
}

export function checkPolicy(args: readonly string[], env: Record<string, string | undefined>): CheckResult {
  const [path, ...extra] = args;
  if (!path || extra.length > 0) return { code: 2, lines: [USAGE] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { code: 2, lines: [`${path}: cannot read it (${(error as Error).message})`] };
  }
  const defaults = defaultsFromEnv(env);
  if (typeof defaults === 'string') return { code: 2, lines: [defaults] };
  const verdict = readPolicyDocument(text, defaults);
  if (!verdict.ok)
    return {
      code: 1,
      lines: [`${path}: invalid`, ...problemLines(verdict.problems).map((line) => `  ${line}`)],
    };
  const policy = new Policy(defaults, verdict.file);
  return { code: 0, lines: [...summary(path, text, defaults), ...explanations(policy)] };
}

function summary(path: string, text: string, defaults: PolicyDefaults): string[] {
  const size = Buffer.byteLength(text, 'utf8');
  const tier =
    text.length > STANDARD_TIER_MAX_CHARACTERS
      ? `needs SSM's advanced tier (put it with --tier Intelligent-Tiering or Advanced); at most ${MAX_POLICY_BYTES}`
      : "fits SSM's standard tier";
  return [
    `${path}: valid · sha256 ${policyHash(text)} · ${size} bytes, ${tier}`,
    ...(defaults.approvers.length
      ? []
      : [
          '  note: APPROVER_IDS is not set here, so buckets without approvers of their own were not checked for an approver (set it as the bot has it).',
        ]),
  ];
}

function explanations(policy: Policy): string[] {
  const buckets = policy.bucketNames().map((bucket) => ({ title: bucket, bucket }));
  // Any name the document does not list reads the defaults; this one names no bucket.
  if (!policy.file.restrictToListedBuckets) buckets.push({ title: '(any other bucket)', bucket: '*' });
  return buckets.flatMap(({ title, bucket }) => [
    '',
    title,
    ...bucketRuleLines(explainBucket(policy, bucket), (id) => id).map(
      (line) => `  ${line.label}: ${line.text}`,
    ),
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = checkPolicy(process.argv.slice(2), process.env);
  const write = result.code === 0 ? console.log : console.error;
  write(result.lines.join('\n'));
  process.exitCode = result.code;
}
