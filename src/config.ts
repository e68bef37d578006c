import * as z from 'zod/mini';
import { isBeyondMaxDuration, MAX_DURATION_TEXT, parseDuration } from './domain/duration.js';
import { ConfigError } from './domain/errors.js';
import { AWS_REGION, SLACK_CHANNEL_ID, SLACK_USER_OR_GROUP_ID } from './domain/patterns.js';
import { DEFAULT_KEY_MAX_AGE_MS } from './domain/policy.js';

// zod/mini: the same checks as zod's classic API, tree-shakeable, so the http bundle stays small.

/** An unset variable and one set to the empty string (`VAR=`) mean the same. */
const blankAsMissing = z.transform((value: unknown) => (value === '' ? undefined : value));
const unsetOr = <T extends z.ZodMiniType>(schema: T) => z.pipe(blankAsMissing, z.optional(schema));
const text = (minimum = 1) => z.string().check(z.minLength(minimum));
const optionalUrl = unsetOr(z.url({ protocol: /^https?$/ }));

function toDuration(value: string, ctx: z.core.ParsePayload<unknown>, example: string): number {
  const ms = parseDuration(value);
  if (ms === undefined)
    ctx.issues.push({
      code: 'custom',
      message: isBeyondMaxDuration(value)
        ? `"${value}" is longer than ${MAX_DURATION_TEXT}`
        : `"${value}" is not a duration such as ${example}`,
      input: value,
    });
  return ms ?? 0;
}
const duration = (fallback: string) =>
  z.pipe(
    z._default(z.string(), fallback),
    z.transform((value: string, ctx) => toDuration(value, ctx, '30m, 24h or 7d')),
  );
const optionalDuration = (example: string) =>
  z.pipe(
    unsetOr(z.string()),
    z.transform((value: string | undefined, ctx) =>
      value === undefined ? undefined : toDuration(value, ctx, example),
    ),
  );

/** A key's default longest life: a duration, `none` for keys that live until revoked, 90 days unless set. */
const keyMaxAge = z.pipe(
  unsetOr(z.string()),
  z.transform((value: string | undefined, ctx) => {
    if (value === undefined) return DEFAULT_KEY_MAX_AGE_MS;
    return value.trim() === 'none' ? undefined : toDuration(value, ctx, '30d, 90d or none');
  }),
);

const idList = (pattern: RegExp, what: string) =>
  z.pipe(
    z._default(z.string(), ''),
    z
      .transform((value: string) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .check(
        z.refine(
          (ids: string[]) => ids.every((id) => pattern.test(id)),
          `must be a comma-separated list of ${what}`,
        ),
      ),
  );
/** SSM's own rule: letters, digits and `_.-/`, at most 1011 characters (2048 with a path; kept short here). */
const SSM_PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]{1,1011}$/;
const CACHE_SECONDS = 'must be a whole number of seconds from 0 to 86400';
const USER_OR_GROUP_IDS = 'Slack user ids (U…) or user-group ids (S…)';

/** Every environment variable the bot reads, parsed once. The table in docs/configuration.md mirrors this. */
const envSchema = z.object({
  SLACK_SIGNING_SECRET: unsetOr(text()),
  SLACK_BOT_TOKEN: unsetOr(text()),
  SLACK_API_URL: optionalUrl,
  AWS_REGION: z._default(
    z.string().check(z.regex(AWS_REGION, 'must be an AWS region such as eu-west-1')),
    'us-east-1',
  ),
  LIGHTSAIL_ENDPOINT: optionalUrl,
  // Unset: the SDK's own AWS_ENDPOINT_URL_STS, else STS's regional endpoint.
  STS_ENDPOINT: optionalUrl,
  DYNAMODB_ENDPOINT: optionalUrl,
  REQUESTS_TABLE: z._default(text(3), 'bucket-key-requests'),
  AUDIT_TABLE: z._default(text(3), 'bucket-key-audit'),
  APPROVAL_CHANNEL_ID: z
    .string()
    .check(z.regex(SLACK_CHANNEL_ID, 'must be a Slack channel id such as C0123456789')),
  APPROVER_IDS: idList(SLACK_USER_OR_GROUP_ID, USER_OR_GROUP_IDS).check(
    z.refine((ids: string[]) => ids.length > 0, 'needs at least one approver'),
  ),
  AUDITOR_IDS: idList(SLACK_USER_OR_GROUP_ID, USER_OR_GROUP_IDS),
  APPROVAL_TTL: duration('24h'),
  PENDING_TTL: duration('24h'),
  ISSUING_TIMEOUT: duration('5m'),
  AWS_TIMEOUT: duration('5s'),
  KEY_MAX_AGE: keyMaxAge,
  // Key lifecycle; per bucket in the policy as rotationGrace, expiryWarning, idleMax.
  ROTATION_GRACE: duration('24h'),
  KEY_EXPIRY_WARNING: duration('3d'),
  KEY_IDLE_MAX: optionalDuration('90d'),
  BUCKET_KEY_POLICY: unsetOr(z.string()),
  // The policy as an SSM String parameter, re-read at most every POLICY_CACHE_SECONDS (worker, sweeper).
  BUCKET_KEY_POLICY_PARAM: unsetOr(
    z
      .string()
      .check(z.regex(SSM_PARAMETER_NAME, 'must be an SSM parameter name such as /bucket-key/prod/policy')),
  ),
  POLICY_CACHE_SECONDS: z.pipe(
    blankAsMissing,
    z._default(
      z.coerce
        .number(CACHE_SECONDS)
        .check(z.int(CACHE_SECONDS), z.gte(0, CACHE_SECONDS), z.lte(86_400, CACHE_SECONDS)),
      60,
    ),
  ),
  SSM_ENDPOINT: optionalUrl,
  LOG_LEVEL: z.pipe(
    z.pipe(
      z._default(z.string(), 'INFO'),
      z.transform((level: string) => level.toUpperCase()),
    ),
    z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']),
  ),
  PORT: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), 3000),
  WORKER_FUNCTION_NAME: unsetOr(text()),
  LAMBDA_ENDPOINT: optionalUrl,
  // Audit evidence: signed checkpoints under S3 Object Lock, and the stream to EventBridge.
  AUDIT_CHECKPOINT_BUCKET: unsetOr(text(3)),
  AUDIT_SIGNING_KEY_ID: unsetOr(text()),
  AUDIT_CHECKPOINT_RETENTION: duration('400d'),
  AUDIT_EVENT_BUS: unsetOr(text()),
  /** The checkpoint writer's function; unset, the worker and sweeper sign in process (local runs). */
  CHECKPOINT_FUNCTION_NAME: unsetOr(text()),
  S3_ENDPOINT: optionalUrl,
  KMS_ENDPOINT: optionalUrl,
  EVENTBRIDGE_ENDPOINT: optionalUrl,
});

/**
 * What reads the configuration, and so which secrets it must have:
 * - `http` verifies Slack's requests and answers them, and opens the request modal itself (views.open,
 *   its one Web API call: a trigger_id lives 3 s), so it holds both;
 * - `worker` verifies the signed request again before acting, and talks to Slack (both; also `npm run serve`);
 * - `sweeper` only talks to Slack (also Socket Mode, where Slack signs nothing), so it never holds the signing secret.
 */
export type ConfigRole = 'http' | 'worker' | 'sweeper' | 'checkpointer' | 'publisher';

/** The audit functions (checkpoint writer, stream publisher) never talk to Slack. */
const WITHOUT_SLACK: readonly ConfigRole[] = ['checkpointer', 'publisher'];

type Env = z.infer<typeof envSchema>;

export interface Config {
  slack: { signingSecret?: string; botToken?: string; apiUrl?: string };
  /** The worker function the Lambda http function invokes. */
  workerFunctionName?: string;
  lambdaEndpoint?: string;
  aws: {
    region: string;
    lightsailEndpoint?: string;
    dynamodbEndpoint?: string;
    ssmEndpoint?: string;
    stsEndpoint?: string;
    s3Endpoint?: string;
    kmsEndpoint?: string;
    eventBridgeEndpoint?: string;
  };
  /** Signed checkpoints, when both the bucket and the key are set. */
  evidence?: { bucket: string; keyId: string; retentionMs: number; checkpointFunctionName?: string };
  /** The EventBridge bus the audit stream publishes to. */
  eventBus?: string;
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
  /** Name of the SSM String parameter holding the policy; the worker and sweeper re-read it. */
  policyParameter?: string;
  /** How long a read of the policy parameter is reused (Powertools' maxAge); 0 reads it every time. */
  policyCacheSeconds: number;
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
  const problems = [
    ...crossChecks(env, role),
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
          const name = String(issue.path[0] ?? 'environment');
          return env[name] === undefined ? `${name} is required` : `${name} ${issue.message}`;
        })),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`, {
      cause: parsed.success ? undefined : parsed.error,
    });
  }
  const vars = parsed.data;

  return {
    slack: {
      ...optional('botToken', vars.SLACK_BOT_TOKEN),
      ...optional('signingSecret', vars.SLACK_SIGNING_SECRET),
      ...optional('apiUrl', vars.SLACK_API_URL),
    },
    ...optional('workerFunctionName', vars.WORKER_FUNCTION_NAME),
    ...optional('lambdaEndpoint', vars.LAMBDA_ENDPOINT),

    aws: {
      region: vars.AWS_REGION,
      ...optional('lightsailEndpoint', vars.LIGHTSAIL_ENDPOINT),
      ...optional('dynamodbEndpoint', vars.DYNAMODB_ENDPOINT),
      ...optional('ssmEndpoint', vars.SSM_ENDPOINT),
      ...optional('stsEndpoint', vars.STS_ENDPOINT),
      ...optional('s3Endpoint', vars.S3_ENDPOINT),
      ...optional('kmsEndpoint', vars.KMS_ENDPOINT),
      ...optional('eventBridgeEndpoint', vars.EVENTBRIDGE_ENDPOINT),
    },
    ...(vars.AUDIT_CHECKPOINT_BUCKET && vars.AUDIT_SIGNING_KEY_ID
      ? {
          evidence: {
            bucket: vars.AUDIT_CHECKPOINT_BUCKET,
            keyId: vars.AUDIT_SIGNING_KEY_ID,
            retentionMs: vars.AUDIT_CHECKPOINT_RETENTION,
            ...optional('checkpointFunctionName', vars.CHECKPOINT_FUNCTION_NAME),
          },
        }
      : {}),
    ...optional('eventBus', vars.AUDIT_EVENT_BUS),
    tables: { requests: vars.REQUESTS_TABLE, audit: vars.AUDIT_TABLE },
    approvalChannelId: vars.APPROVAL_CHANNEL_ID,
    approverIds: vars.APPROVER_IDS,
    auditorIds: vars.AUDITOR_IDS,
    approvalTtlMs: vars.APPROVAL_TTL,
    pendingTtlMs: vars.PENDING_TTL,
    issuingTimeoutMs: vars.ISSUING_TIMEOUT,
    awsTimeoutMs: vars.AWS_TIMEOUT,

    ...optional('keyMaxAgeMs', vars.KEY_MAX_AGE),
    rotationGraceMs: vars.ROTATION_GRACE,
    expiryWarningMs: vars.KEY_EXPIRY_WARNING,
    ...optional('idleMaxMs', vars.KEY_IDLE_MAX),
    ...optional('policyPath', vars.BUCKET_KEY_POLICY),
    ...optional('policyParameter', vars.BUCKET_KEY_POLICY_PARAM),
    policyCacheSeconds: vars.POLICY_CACHE_SECONDS,
    logLevel: vars.LOG_LEVEL,
    port: vars.PORT,
  };
}

/** What no single variable's schema can say: variables needed by a role, and ones set together. */
function crossChecks(env: Record<string, string | undefined>, role: ConfigRole): string[] {
  const problems: string[] = [];
  // Every role needs the bot token (see ConfigRole); only the sweeper does without the signing secret.
  const slack = !WITHOUT_SLACK.includes(role);
  if (slack && role !== 'sweeper' && !env.SLACK_SIGNING_SECRET)
    problems.push('SLACK_SIGNING_SECRET is required');
  if (slack && !env.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN is required');
  if (Boolean(env.AUDIT_CHECKPOINT_BUCKET) !== Boolean(env.AUDIT_SIGNING_KEY_ID))
    problems.push('AUDIT_CHECKPOINT_BUCKET and AUDIT_SIGNING_KEY_ID are set together or not at all');
  if (env.BUCKET_KEY_POLICY && env.BUCKET_KEY_POLICY_PARAM)
    problems.push(
      'BUCKET_KEY_POLICY and BUCKET_KEY_POLICY_PARAM are both set: the policy lives in one place',
    );
  return problems;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The signing secret, for the parts that verify Slack requests (loaded with role `http` or `worker`). */
export function signingSecretOf(config: Config): string {
  if (!config.slack.signingSecret) throw new ConfigError('SLACK_SIGNING_SECRET is required');
  return config.slack.signingSecret;
}

/** The bot token, for the parts that call the Web API (every role: `http` for views.open only). */
export function botTokenOf(config: Config): string {
  if (!config.slack.botToken) throw new ConfigError('SLACK_BOT_TOKEN is required');
  return config.slack.botToken;
}
