import * as z from 'zod/mini';
import { BucketKeyError } from './errors.js';
import { AWS_REGION } from './patterns.js';

/**
 * Another AWS account whose Lightsail buckets the bot serves, as the policy's `accounts:` section
 * names it. The bot's own account needs no entry: it is the default, reached without a role.
 */
export interface Account {
  /** Its key under `accounts:`, and the `account` in `account/bucket`. */
  name: string;
  /** The 12-digit account id. */
  id: string;
  /** The role the worker and the sweeper assume there (deploy/target-account-role.yml). */
  roleArn: string;
  /** Passed on every AssumeRole; the role's trust policy requires it (the confused-deputy guard). */
  externalId: string;
  /** The regions whose buckets the bot serves in this account. */
  regions: readonly string[];
  /** Cards and the form warn on this account's buckets. */
  sensitive: boolean;
  /** What cards, DMs and audit lines show: the policy's `label`, else the name. */
  label: string;
}

/** The name `account/bucket` gives the bot's own account; no policy account may take it. */
export const HOME_ACCOUNT = 'home';

/** Account names: what a person types before the slash, so short, lower case, no slash. */
export const ACCOUNT_NAME = /^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
export const ACCOUNT_ID = /^\d{12}$/;
/** An IAM role in the `aws` partition (Lightsail has no other); group 1 is the account id. */
export const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** STS's own bounds for ExternalId. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
/** Shown in Slack: one line, no control or format characters, nothing mrkdwn would read as markup. */
const LABEL = /^[^\p{C}<>&*_~`]{1,64}$/u;

const accountEntrySchema = z
  .strictObject({
    id: z.string().check(z.regex(ACCOUNT_ID, 'must be a 12-digit AWS account id, quoted in YAML')),
    roleArn: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is required: the role the bot assumes in this account (deploy/target-account-role.yml)'
            : 'must be text',
      })
      .check(z.regex(ROLE_ARN, 'must be an IAM role ARN such as arn:aws:iam::111111111111:role/bucket-key')),
    externalId: z
      .string()
      .check(z.regex(EXTERNAL_ID, 'must be 2 to 1224 characters of letters, digits and +=,.@:/-')),
    regions: z.array(z.string().check(z.regex(AWS_REGION, 'must be an AWS region such as eu-west-1'))).check(
      z.minLength(1),
      z.refine((regions) => new Set(regions).size === regions.length, 'names a region twice'),
    ),
    sensitive: z._default(z.boolean(), false),
    label: z.optional(
      z.string().check(z.regex(LABEL, 'must be one line of 1 to 64 characters, without <>&*_~`')),
    ),
  })
  .check(
    z.superRefine((entry, ctx) => {
      // Only between two well-formed values: a malformed one has its own refusal already.
      const owner = ROLE_ARN.exec(entry.roleArn)?.[1];
      if (owner !== undefined && ACCOUNT_ID.test(entry.id) && owner !== entry.id)
        ctx.issues.push({
          code: 'custom',
          path: ['roleArn'],
          input: entry.roleArn,
          message: `is a role in account ${owner}, not in this account (${entry.id})`,
        });
    }),
  );

/**
 * The policy's `accounts:` section, standalone so the policy schema can take it as one key
 * (`accounts: accountsSchema`). Checks what no single entry can: names, the reserved home name,
 * and one entry per account id.
 */
export const accountsSchema = z._default(
  z
    .record(
      z.string().check(
        z.regex(ACCOUNT_NAME, 'is not an account name (a-z, 0-9 and -, starting with a letter, at most 32)'),
        z.refine((name) => name !== HOME_ACCOUNT, `is the name of the bot's own account`),
      ),
      accountEntrySchema,
    )
    .check(z.superRefine(refuseSharedIds)),
  {},
);

export type AccountsSection = z.infer<typeof accountsSchema>;

function refuseSharedIds(section: Record<string, { id: string }>, ctx: z.core.ParsePayload<unknown>) {
  const firstById = new Map<string, string>();
  for (const [name, entry] of Object.entries(section)) {
    const first = firstById.get(entry.id);
    if (first === undefined) firstById.set(entry.id, name);
    else
      ctx.issues.push({
        code: 'custom',
        path: [name, 'id'],
        input: entry.id,
        message: `is also the id of accounts.${first}: one entry per account`,
      });
  }
}

/** The validated section as Accounts, in the policy's order. */
export function accountsOf(section: AccountsSection): Account[] {
  return Object.entries(section).map(([name, entry]) => ({
    name,
    id: entry.id,
    roleArn: entry.roleArn,
    externalId: entry.externalId,
    regions: [...entry.regions],
    sensitive: entry.sensitive,
    label: entry.label ?? name,
  }));
}

/**
 * Who acts in a target account, as its CloudTrail records it on every call made with the session's
 * credentials: RoleSessionName (the request id, or `sweep`) and SourceIdentity (who caused it).
 */
export interface AccountSession {
  roleSessionName: string;
  sourceIdentity: string;
}

/** The source identity of the sweeper's sessions; the target role's trust admits it for the sweeper only. */
export const SWEEPER_SOURCE_IDENTITY = 'bucket-key-sweeper';

/** The sweeper's session: it acts for nobody in particular, so it says so. */
export const SWEEP_SESSION: AccountSession = {
  roleSessionName: 'sweep',
  sourceIdentity: SWEEPER_SOURCE_IDENTITY,
};

/** The session for acting on a request: its id, and the Slack user whose act caused the call. */
export function requestSession(requestId: string, actorId: string): AccountSession {
  return { roleSessionName: requestId, sourceIdentity: actorId };
}

/**
 * Why an account's role could not be assumed:
 * - `access_denied`: STS refused (the trust policy, the ExternalId, or the bot's own sts:AssumeRole grant);
 * - `region_disabled`: STS is not active in the region the bot calls it in;
 * - `invalid_input`: STS refused the request's values (a session name or source identity out of bounds);
 * - `expired_on_arrival`: the credentials STS answered with had already expired by the bot's clock;
 * - `unavailable`: no usable answer (a timeout, a lost connection, a 5xx, throttling); it may pass.
 */
export type AccountFailure =
  | 'access_denied'
  | 'region_disabled'
  | 'invalid_input'
  | 'expired_on_arrival'
  | 'unavailable';

/** The bot could not act in an account; only that account's requests are affected. */
export class AccountUnassumableError extends BucketKeyError {
  readonly accountName: string;
  readonly accountId: string;
  readonly roleArn: string;
  constructor(
    account: Pick<Account, 'name' | 'id' | 'roleArn'>,
    readonly reason: AccountFailure,
    /** STS's error name (or the client's), for the audit log and the approvers' notice. */
    readonly awsName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`account_${reason}`, message, options);
    this.accountName = account.name;
    this.accountId = account.id;
    this.roleArn = account.roleArn;
  }

  /** Whether it may pass by itself, rather than needing someone to fix the role, the policy or a clock. */
  get transient(): boolean {
    return this.reason === 'unavailable';
  }
}
