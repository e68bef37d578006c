import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignedSlackRequest } from '../../ports/job-queue.js';

/**
 * How old a signed request the worker still acts on. The http function accepts a request up to five
 * minutes from its timestamp (Slack's rule), then Lambda may hold an asynchronous invocation in its
 * queue for up to `maximumEventAge` (300 s in serverless.yml): ten minutes covers both. A replay within
 * this window changes nothing, because every state change is conditional.
 */
export const SIGNED_JOB_MAX_AGE_SECONDS = 10 * 60;
/** A timestamp this far ahead of our clock is refused too (clocks differ a little, never minutes). */
const MAX_FUTURE_SECONDS = 5 * 60;

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'unsigned' | 'stale' | 'bad_signature' };

/** Checks a request exactly as Slack's verification guide says, with the worker's wider time window. */
export function verifySlackSignature(
  signed: Partial<SignedSlackRequest>,
  signingSecret: string,
  nowMs: number,
): SignatureVerdict {
  const { body, signature, timestamp } = signed;
  if (typeof body !== 'string' || typeof signature !== 'string' || typeof timestamp !== 'string')
    return { ok: false, reason: 'unsigned' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale' };
  const age = Math.floor(nowMs / 1000) - Number(timestamp);
  if (age > SIGNED_JOB_MAX_AGE_SECONDS || age < -MAX_FUTURE_SECONDS) return { ok: false, reason: 'stale' };
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
