/** Every error the bot raises itself has a stable `code` and keeps its `cause`. */
export class BucketKeyError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input that failed validation; the message is safe to show to the user. */
export class InvalidCommandError extends BucketKeyError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_command', message, options);
  }
}

/** A configuration variable is missing or malformed; raised at start, never later. */
export class ConfigError extends BucketKeyError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_config', message, options);
  }
}

/** A conditional write lost: the item is not in the state the caller expected. */
export class StateConflictError<T = unknown> extends BucketKeyError {
  constructor(
    message: string,
    readonly current: T | undefined,
    options?: ErrorOptions,
  ) {
    super('state_conflict', message, options);
  }
}

/** The reasons Lightsail gives for refusing a call, mapped from its exception names. */
export type KeyIssuerFailure =
  | 'bucket_not_found'
  | 'invalid_input'
  | 'access_denied'
  | 'unauthenticated'
  | 'service_unavailable'
  | 'region_setup_in_progress'
  | 'key_limit_reached'
  | 'unknown';

/**
 * Lightsail refused or failed; `awsName` is the exception name for the audit log.
 * `outcomeUnknown` is set when the call may have happened anyway (a timeout, a 5xx, a lost
 * connection): after a create, a key may exist that nobody has seen.
 */
export class KeyIssuerError extends BucketKeyError {
  readonly outcomeUnknown: boolean;
  constructor(
    readonly reason: KeyIssuerFailure,
    readonly awsName: string,
    message: string,
    options?: ErrorOptions & { outcomeUnknown?: boolean },
  ) {
    super(`lightsail_${reason}`, message, options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
}

/**
 * Slack refused or failed a call. Deliberately carries only Slack's error code,
 * never the request: the failed request may have held a secret.
 */
export class MessengerError extends BucketKeyError {
  constructor(
    readonly slackError: string,
    message: string,
  ) {
    super(`slack_${slackError}`, message);
  }
}
