import { LogLevel, WebClient } from '@slack/web-api';
import { nodeHttpFetch } from './node-http-fetch.js';

/**
 * A WebClient that never logs request bodies (WebClient logs them at debug level,
 * and one of them carries the secret). Retries are limited: a retried
 * chat.postEphemeral is harmless, and the caller handles the final failure.
 * Its requests go over node:https rather than undici (node-http-fetch.ts).
 */
export function createWebClient(token: string, apiUrl?: string): WebClient {
  return new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    logLevel: LogLevel.ERROR,
    logger: quietLogger,
    retryConfig: { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 1000 },
    rejectRateLimitedCalls: false,
    timeout: 5000,
    fetch: nodeHttpFetch,
  });
}

/** Discards WebClient's own logging; our adapters log outcomes themselves, without bodies. */
const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
