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
