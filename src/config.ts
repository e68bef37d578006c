import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDuration } from './domain/duration.js';
import { ConfigError } from './domain/errors.js';
import { type PolicyFile, policyFileSchema } from './domain/policy.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 30m, 24h or 7d` });
        return z.NEVER;
      }
      return ms;
    });

const idList = (pattern: RegExp, what: string) =>
  z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => pattern.test(id)), `must be a comma-separated list of ${what}`);

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();
const blankAsMissing = (value: unknown) => (value === '' ? undefined : value);

/** Every environment variable the bot reads, parsed once. The README's table mirrors this. */
const envSchema = z.object({
  SLACK_SIGNING_SECRET: z.string().min(1),
  SLACK_BOT_TOKEN: z.string().min(1),
  SLACK_API_URL: z.preprocess(blankAsMissing, optionalUrl),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')
    .default('us-east-1'),
  LIGHTSAIL_ENDPOINT: z.preprocess(blankAsMissing, optionalUrl),
  DYNAMODB_ENDPOINT: z.preprocess(blankAsMissing, optionalUrl),
  REQUESTS_TABLE: z.string().min(3).default('bucket-key-requests'),
  AUDIT_TABLE: z.string().min(3).default('bucket-key-audit'),
  APPROVAL_CHANNEL_ID: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,20}$/, 'must be a Slack channel id such as C0123456789'),
  APPROVER_IDS: idList(/^[USW][A-Z0-9]{2,20}$/, 'Slack user ids (U…) or user-group ids (S…)').refine(
    (ids) => ids.length > 0,
    'needs at least one approver',
  ),
  AUDITOR_IDS: idList(/^[USW][A-Z0-9]{2,20}$/, 'Slack user ids (U…) or user-group ids (S…)'),
  APPROVAL_TTL: duration('24h'),
  PENDING_TTL: duration('24h'),
  ISSUING_TIMEOUT: duration('5m'),
  KEY_MAX_AGE: z.preprocess(blankAsMissing, z.string().optional()).transform((text, ctx) => {
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined)
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 30d` });
    return ms;
  }),
  BUCKET_KEY_POLICY: z.preprocess(blankAsMissing, z.string().optional()),
  LOG_LEVEL: z
    .string()
    .default('INFO')
    .transform((level) => level.toUpperCase())
    .pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  slack: { signingSecret: string; botToken: string; apiUrl?: string };
  aws: { region: string; lightsailEndpoint?: string; dynamodbEndpoint?: string };
  tables: { requests: string; audit: string };
  approvalChannelId: string;
  approverIds: string[];
  auditorIds: string[];
  approvalTtlMs: number;
  pendingTtlMs: number;
  issuingTimeoutMs: number;
  keyMaxAgeMs?: number;
  policy?: PolicyFile;
  logLevel: Env['LOG_LEVEL'];
  port: number;
}

/**
 * Parses the environment once, at start. Throws ConfigError naming every missing
 * or malformed variable, so a misconfigured deploy fails before it serves anyone.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return env[name] === undefined ? `${name} is required` : `${name} ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`, { cause: parsed.error });
  }
  const e = parsed.data;
  return {
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      ...optional('apiUrl', e.SLACK_API_URL),
    },
    aws: {
      region: e.AWS_REGION,
      ...optional('lightsailEndpoint', e.LIGHTSAIL_ENDPOINT),
      ...optional('dynamodbEndpoint', e.DYNAMODB_ENDPOINT),
    },
    tables: { requests: e.REQUESTS_TABLE, audit: e.AUDIT_TABLE },
    approvalChannelId: e.APPROVAL_CHANNEL_ID,
    approverIds: e.APPROVER_IDS,
    auditorIds: e.AUDITOR_IDS,
    approvalTtlMs: e.APPROVAL_TTL,
    pendingTtlMs: e.PENDING_TTL,
    issuingTimeoutMs: e.ISSUING_TIMEOUT,
    ...optional('keyMaxAgeMs', e.KEY_MAX_AGE),
    ...optional(
      'policy',
      e.BUCKET_KEY_POLICY === undefined ? undefined : loadPolicyFile(e.BUCKET_KEY_POLICY),
    ),
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
  };
}

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

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
