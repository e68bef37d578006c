import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  STSClient,
  type STSClientConfig,
  STSServiceException,
} from '@aws-sdk/client-sts';
import {
  type Account,
  type AccountFailure,
  type AccountSession,
  AccountUnassumableError,
} from '../../domain/account.js';
import type { AccountCredentials, SessionCredentials } from '../../ports/account-credentials.js';
import { type Clock, systemClock } from '../../ports/clock.js';

/** STS answers that no retry of the same call will change; anything else (5xx, throttling, no answer) may pass. */
const REFUSALS: Record<string, AccountFailure> = {
  AccessDenied: 'access_denied',
  AccessDeniedException: 'access_denied',
  // The bot's own credentials are wrong: no role anywhere can be assumed until someone fixes them.
  InvalidClientTokenId: 'access_denied',
  SignatureDoesNotMatch: 'access_denied',
  RegionDisabledException: 'region_disabled',
  ValidationError: 'invalid_input',
  MalformedPolicyDocumentException: 'invalid_input',
  PackedPolicyTooLargeException: 'invalid_input',
};

export interface StsAccountCredentialsOptions {
  /**
   * Credentials are assumed anew this long before they expire, so that none runs out in the middle
   * of a job. Five minutes, like the SDK's own refresh window: a worker job is at most one.
   */
  refreshBeforeMs?: number;
  /** DurationSeconds of each session; absent: the role's default (one hour). */
  durationSeconds?: number;
  /** Sessions kept at most (one per request acted on, one for the sweeper): a warm worker lives long. */
  maxSessions?: number;
}

interface Cached {
  pending: Promise<SessionCredentials>;
  /** Set once STS has answered; absent while the call is in flight. */
  expiresAtMs?: number;
}

/**
 * AccountCredentials by STS AssumeRole, passing the account's ExternalId and the session's
 * RoleSessionName and SourceIdentity, so the target account's CloudTrail names the request and the
 * person behind every call. Concurrent asks for one session share one AssumeRole call.
 */
export class StsAccountCredentials implements AccountCredentials {
  private readonly cache = new Map<string, Cached>();
  private readonly refreshBeforeMs: number;
  private readonly maxSessions: number;

  constructor(
    private readonly sts: STSClient,
    private readonly clock: Clock = systemClock,
    private readonly options: StsAccountCredentialsOptions = {},
  ) {
    this.refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
    this.maxSessions = options.maxSessions ?? 500;
  }

  /** The usual factory: a real client; `endpoint` from STS_ENDPOINT, else the SDK's own AWS_ENDPOINT_URL_STS. */
  static withConfig(
    config: STSClientConfig,
    clock?: Clock,
    options?: StsAccountCredentialsOptions,
  ): StsAccountCredentials {
    return new StsAccountCredentials(new STSClient(config), clock, options);
  }

  credentialsFor(account: Account, session: AccountSession): Promise<SessionCredentials> {
    const now = this.clock.now().getTime();
    this.forgetStale(now);
    // The role and ExternalId are part of the key: a policy change must not reuse the old role's session.
    const key = JSON.stringify([
      account.id,
      account.roleArn,
      account.externalId,
      session.roleSessionName,
      session.sourceIdentity,
    ]);
    const cached = this.cache.get(key);
    if (cached) return cached.pending;
    const entry: Cached = { pending: this.assume(account, session) };
    this.cache.set(key, entry);
    const forget = () => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    };
    entry.pending.then((credentials) => {
      entry.expiresAtMs = credentials.expiration.getTime();
      // Usable now but inside the refresh window (a skewed clock, a short session): never kept.
      if (entry.expiresAtMs - this.refreshBeforeMs <= this.clock.now().getTime()) forget();
    }, forget);
    while (this.cache.size > this.maxSessions) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return entry.pending;
  }

  /** Drops every session that has reached its refresh window: expired credentials are never handed out. */
  private forgetStale(now: number): void {
    for (const [key, entry] of this.cache)
      if (entry.expiresAtMs !== undefined && entry.expiresAtMs - this.refreshBeforeMs <= now)
        this.cache.delete(key);
  }

  private async assume(account: Account, session: AccountSession): Promise<SessionCredentials> {
    let out: AssumeRoleCommandOutput;
    try {
      out = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: account.roleArn,
          ExternalId: account.externalId,
          RoleSessionName: session.roleSessionName,
          SourceIdentity: session.sourceIdentity,
          ...(this.options.durationSeconds ? { DurationSeconds: this.options.durationSeconds } : {}),
        }),
      );
    } catch (error) {
      throw toUnassumable(account, error);
    }
    const credentials = out.Credentials;
    if (
      !credentials?.AccessKeyId ||
      !credentials.SecretAccessKey ||
      !credentials.SessionToken ||
      !credentials.Expiration
    )
      throw new AccountUnassumableError(
        account,
        'unavailable',
        'MalformedResponse',
        `STS answered AssumeRole on ${account.roleArn} without complete credentials`,
      );
    if (credentials.Expiration.getTime() <= this.clock.now().getTime())
      throw new AccountUnassumableError(
        account,
        'expired_on_arrival',
        'ExpiredOnArrival',
        `STS answered with credentials for ${account.roleArn} that expired at ${credentials.Expiration.toISOString()}, before now by this clock: check the clock`,
      );
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    };
  }
}

function toUnassumable(account: Account, error: unknown): AccountUnassumableError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const reason = (error instanceof STSServiceException && REFUSALS[name]) || 'unavailable';
  const message = error instanceof Error ? error.message : String(error);
  return new AccountUnassumableError(
    account,
    reason,
    name,
    `Could not assume ${account.roleArn} in account ${account.name} (${account.id}): ${name}: ${message}`,
    { cause: error },
  );
}
