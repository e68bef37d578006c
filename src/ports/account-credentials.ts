import type { Account, AccountSession } from '../domain/account.js';

/** Temporary credentials for one session in another account. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** When STS says they stop working; never used after it. */
  expiration: Date;
}

/**
 * Credentials for acting in another AWS account, by assuming the account's role as `session`.
 * Implementations cache per account and session until close to expiry, refresh what has expired
 * rather than hand it out, and throw AccountUnassumableError (naming the account) when the role
 * cannot be assumed, so that only that account's requests are refused.
 *
 * @example
 *   const creds = await accountCredentials.credentialsFor(prod, requestSession('REQ-…-1', 'U0123'));
 */
export interface AccountCredentials {
  credentialsFor(account: Account, session: AccountSession): Promise<SessionCredentials>;
}
