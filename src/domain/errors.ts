import type { AccessRequest } from './access-request.js';
import type { Grant } from './grant.js';

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

/**
 * A conditional write on an access request lost; `current` is the request as it is now, typed,
 * as Powertools' IdempotencyItemAlreadyExistsError carries its existing record.
 */
export class RequestConflictError extends StateConflictError<AccessRequest> {}

/** A conditional write on a grant lost; `current` is the grant as it is now. */
export class GrantConflictError extends StateConflictError<Grant> {}

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
 * What is known about a failed Lightsail call, which decides what a failed create leaves behind:
 * - `refused`: Lightsail answered that it did not do it (4xx); nothing was made.
 * - `answered_failure`: Lightsail answered, and has finished, but not with a usable result (a 5xx,
 *   a ServiceException, a create answered without its secret or key id); a key may exist now, but
 *   none will appear later, so it can be reconciled at once.
 * - `unknown`: no answer (a timeout, a lost connection, a gateway timeout); Lightsail may still be
 *   working, and a key may appear later.
 */
export type KeyIssuerOutcome = 'refused' | 'answered_failure' | 'unknown';

/** Lightsail refused or failed; `awsName` is the exception name for the audit log. */
export class KeyIssuerError extends BucketKeyError {
  readonly outcome: KeyIssuerOutcome;
  /** A key Lightsail says it made although its answer was unusable (a create answered without a secret). */
  readonly accessKeyId: string | undefined;
  constructor(
    readonly reason: KeyIssuerFailure,
    readonly awsName: string,
    message: string,
    options?: ErrorOptions & { outcome?: KeyIssuerOutcome; accessKeyId?: string },
  ) {
    super(`lightsail_${reason}`, message, options);
    this.outcome = options?.outcome ?? 'refused';
    this.accessKeyId = options?.accessKeyId;
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

/** An audit append kept losing the race for the chain head; the event was not recorded. */
export class AuditChainBusyError extends BucketKeyError {
  constructor(message: string, options?: ErrorOptions) {
    super('audit_chain_busy', message, options);
  }
}
