import type { Account, AccountSession } from '../../domain/account.js';
import type { AccountCredentials } from '../../ports/account-credentials.js';
import type { AccountKeyIssuers, KeyIssuer } from '../../ports/key-issuer.js';
import type { LightsailKeyIssuer } from './lightsail-key-issuer.js';

/**
 * AccountKeyIssuers on Lightsail: the bot's own issuer for its own account, and for another account
 * the same issuer's clients with that account's session credentials, asked for on each call that
 * needs them (AccountCredentials caches them until close to expiry).
 */
export class LightsailAccountKeyIssuers implements AccountKeyIssuers {
  constructor(
    private readonly home: LightsailKeyIssuer,
    private readonly credentials: AccountCredentials,
  ) {}

  forAccount(account: Account | undefined, session: AccountSession): KeyIssuer {
    if (!account) return this.home;
    return this.home.withCredentials(() => this.credentials.credentialsFor(account, session));
  }
}
