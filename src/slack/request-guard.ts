import type { Clock } from '../ports/clock.js';

// The checks Bolt leaves out, in one framework-neutral place for both front doors (server.ts, lambda-http.ts).

/** Slack's rule: a request whose timestamp is more than five minutes from now may be a replay. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * True when the `X-Slack-Request-Timestamp` header is within five minutes of now, in either
 * direction. Bolt checks signatures and refuses old timestamps, but accepts ones from the
 * future, which Slack's verification guide says to refuse as well.
 */
export function isFreshSlackRequest(timestampHeader: string | string[] | undefined, nowMs: number): boolean {
  const value = Array.isArray(timestampHeader) ? timestampHeader[0] : timestampHeader;
  if (!value || !/^\d{1,12}$/.test(value)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(value)) <= MAX_CLOCK_SKEW_SECONDS;
}

/** Before Bolt: 401 for a request whose timestamp is stale or from the future, else undefined (go on). */
export function refuseBeforeBolt(
  timestampHeader: string | string[] | undefined,
  clock: Clock,
): 401 | undefined {
  return isFreshSlackRequest(timestampHeader, clock.now().getTime()) ? undefined : 401;
}

/**
 * After Bolt: our listeners catch their own failures, so a 500 from Bolt means a signed but malformed
 * payload it could not process, which is the client's error: 400, never 500.
 */
export function statusAfterBolt(status: number): number {
  return status === 500 ? 400 : status;
}
