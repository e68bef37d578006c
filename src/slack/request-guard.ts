import { parse as parseForm } from 'node:querystring';
import type { Clock } from '../ports/clock.js';

// The checks Bolt leaves out, in one framework-neutral place for both front doors (server.ts, lambda-http.ts).

/** Bolt's default is 4 MB; a block_actions payload with a full message stays well under this. */
export const MAX_BODY_BYTES = 512 * 1024;
const FORM = 'application/x-www-form-urlencoded';

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

/**
 * Before Bolt's Lambda receiver, which parses the body before it checks the signature and throws on
 * a body it cannot parse: 413 for a body over MAX_BODY_BYTES, 400 for one that reading would throw
 * on, else undefined (go on). `serve` needs neither: its receiver limits the body and verifies first.
 */
export function refuseBody(body: string, contentType: string | undefined): 400 | 413 | undefined {
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return 413;
  return isReadable(body, contentType) ? undefined : 400;
}

/**
 * Reads the body as AwsLambdaReceiver does: form fields when the content type is exactly Slack's
 * form type (a `payload` field is JSON), JSON for any other content type.
 */
function isReadable(body: string, contentType: string | undefined): boolean {
  try {
    if (contentType !== FORM) JSON.parse(body);
    else {
      const { payload } = parseForm(body);
      if (typeof payload === 'string') JSON.parse(payload);
    }
    return true;
  } catch {
    return false;
  }
}
