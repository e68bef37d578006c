import { z } from 'zod';
import { parseDuration } from './domain/duration.js';
import { ConfigError } from './domain/errors.js';

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
  SLACK_SIGNING_SECRET: z.preprocess(blankAsMissing, z.string().min(1).optional()),
  SLACK_BOT_TOKEN: z.preprocess(blankAsMissing, z.string().min(1).optional()),
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
  AWS_TIMEOUT: duration('5s'),
  KEY_MAX_AGE: z.preprocess(blankAsMissing, z.string().optional()).transform((text, ctx) => {
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined)
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 30d` });
    return ms;
  }),
  // Key lifecycle (issue 13); per bucket in the policy as rotationGrace, expiryWarning, idleMax.
  ROTATION_GRACE: duration('24h'),
  KEY_EXPIRY_WARNING: duration('3d'),
  KEY_IDLE_MAX: z.preprocess(blankAsMissing, z.string().optional()).transform((text, ctx) => {
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined)
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 90d` });
    return ms;
  }),
  BUCKET_KEY_POLICY: z.preprocess(blankAsMissing, z.string().optional()),
  LOG_LEVEL: z
    .string()
    .default('INFO')
    .transform((level) => level.toUpperCase())
    .pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_FUNCTION_NAME: z.preprocess(blankAsMissing, z.string().min(1).optional()),
  LAMBDA_ENDPOINT: z.preprocess(blankAsMissing, optionalUrl),
});

/**
 * What reads the configuration, and so which secrets it must have:
 * - `http` verifies Slack's requests and answers them; it never calls the Web API, so it holds no bot token;
 * - `worker` verifies the signed request again before acting, and talks to Slack (both; also `npm run serve`);
 * - `sweeper` only talks to Slack (also Socket Mode, where Slack signs nothing), so it never holds the signing secret.
 */
export type ConfigRole = 'http' | 'worker' | 'sweeper';

type Env = z.infer<typeof envSchema>;

export interface Config {
  slack: { signingSecret?: string; botToken?: string; apiUrl?: string };
  /** The worker function the Lambda http function invokes. */
  workerFunctionName?: string;
  lambdaEndpoint?: string;
  aws: { region: string; lightsailEndpoint?: string; dynamodbEndpoint?: string };
  tables: { requests: string; audit: string };
  approvalChannelId: string;
  approverIds: string[];
  auditorIds: string[];
  approvalTtlMs: number;
  pendingTtlMs: number;
  issuingTimeoutMs: number;
  /** How long one AWS call may take before the client gives up on it. */
  awsTimeoutMs: number;
  keyMaxAgeMs?: number;
  /** How long a rotated-out key lives at most; how early a holder is warned; when an unused key goes. */
  rotationGraceMs: number;
  expiryWarningMs: number;
  idleMaxMs?: number;
  /** Path of the YAML policy file; read by the parts that decide (see policy-file.ts). */
  policyPath?: string;
  logLevel: Env['LOG_LEVEL'];
  port: number;
}

/**
 * Parses the environment once, at start. Throws ConfigError naming every missing
 * or malformed variable, so a misconfigured deploy fails before it serves anyone.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  role: ConfigRole = 'worker',
): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        return env[name] === undefined ? `${name} is required` : `${name} ${issue.message}`;
      });
  // Every role needs the bot token: the http function opens the request modal itself (views.open).
  if (!env.SLACK_BOT_TOKEN) problems.unshift('SLACK_BOT_TOKEN is required');
  if (role !== 'sweeper' && !env.SLACK_SIGNING_SECRET) problems.unshift('SLACK_SIGNING_SECRET is required');
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`, {
      cause: parsed.success ? undefined : parsed.error,
    });
  }
  const e = parsed.data;

  return {
    slack: {
      ...optional('botToken', e.SLACK_BOT_TOKEN),
      ...optional('signingSecret', e.SLACK_SIGNING_SECRET),
      ...optional('apiUrl', e.SLACK_API_URL),
    },
    ...optional('workerFunctionName', e.WORKER_FUNCTION_NAME),
    ...optional('lambdaEndpoint', e.LAMBDA_ENDPOINT),

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
    awsTimeoutMs: e.AWS_TIMEOUT,

    ...optional('keyMaxAgeMs', e.KEY_MAX_AGE),
    rotationGraceMs: e.ROTATION_GRACE,
    expiryWarningMs: e.KEY_EXPIRY_WARNING,
    ...optional('idleMaxMs', e.KEY_IDLE_MAX),
    ...optional('policyPath', e.BUCKET_KEY_POLICY),
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The signing secret, for the parts that verify Slack requests (loaded with role `http` or `worker`). */
export function signingSecretOf(config: Config): string {
  if (!config.slack.signingSecret) throw new ConfigError('SLACK_SIGNING_SECRET is required');
  return config.slack.signingSecret;
}

/** The bot token, for the parts that call the Web API (loaded with role `worker` or `sweeper`). */
export function botTokenOf(config: Config): string {
  if (!config.slack.botToken) throw new ConfigError('SLACK_BOT_TOKEN is required');
  return config.slack.botToken;
}
