import { describe, expect, it } from 'vitest';
import { signedHeaders } from '../../../src/sandbox/slack/signed-request.js';
import {
  SIGNED_JOB_MAX_AGE_SECONDS,
  verifySlackSignature,
} from '../../../src/slack/signed-jobs/verify-signature.js';

const SECRET = 'unit-signing-secret';
const NOW = Date.parse('2026-11-29T12:00:00Z');
const nowSeconds = Math.floor(NOW / 1000);

function signed(body: string, timestamp: number, secret = SECRET) {
  const headers = signedHeaders(secret, body, timestamp);
  return { body, signature: headers['x-slack-signature'], timestamp: headers['x-slack-request-timestamp'] };
}

describe('verifySlackSignature (the worker’s check)', () => {
  it('accepts a request signed with the secret within the ten-minute window', () => {
    expect(verifySlackSignature(signed('a=1', nowSeconds), SECRET, NOW)).toEqual({ ok: true });
    expect(verifySlackSignature(signed('a=1', nowSeconds - SIGNED_JOB_MAX_AGE_SECONDS), SECRET, NOW)).toEqual(
      {
        ok: true,
      },
    );
  });

  it.each([
    ['one second too old', signed('a=1', nowSeconds - SIGNED_JOB_MAX_AGE_SECONDS - 1), 'stale'],
    ['more than five minutes in the future', signed('a=1', nowSeconds + 301), 'stale'],
    ['a timestamp that is not a number', { ...signed('a=1', nowSeconds), timestamp: '12e5' }, 'stale'],
    ['signed with another secret', signed('a=1', nowSeconds, 'other'), 'bad_signature'],
    ['a body other than the one signed', { ...signed('a=1', nowSeconds), body: 'a=2' }, 'bad_signature'],
    ['a signature of another length', { ...signed('a=1', nowSeconds), signature: 'v0=00' }, 'bad_signature'],
    ['no signature', { body: 'a=1', timestamp: String(nowSeconds) }, 'unsigned'],
  ])('refuses %s', (_, request, reason) => {
    expect(verifySlackSignature(request, SECRET, NOW)).toEqual({ ok: false, reason });
  });
});
