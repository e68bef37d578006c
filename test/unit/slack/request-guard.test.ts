import { describe, expect, it } from 'vitest';
import {
  isFreshSlackRequest,
  MAX_BODY_BYTES,
  refuseBeforeBolt,
  refuseBody,
  statusAfterBolt,
} from '../../../src/slack/request-guard.js';
import { ManualClock } from '../../support/manual-clock.js';

describe('isFreshSlackRequest', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  const sec = now / 1000;
  it.each([
    [String(sec), true],
    [String(sec - 300), true],
    [String(sec + 300), true],
    [String(sec - 301), false],
    [String(sec + 301), false],
    ['', false],
    ['12a', false],
    ['-5', false],
    [undefined, false],
  ])('%j → %s', (header, fresh) => {
    expect(isFreshSlackRequest(header, now)).toBe(fresh);
  });
});

describe('the request guard both front doors share', () => {
  it('refuses with 401 before Bolt by the injected clock, in either direction', () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const stamp = String(Math.floor(clock.now().getTime() / 1000));
    expect(refuseBeforeBolt(stamp, clock)).toBeUndefined();
    clock.advance(301_000);
    expect(refuseBeforeBolt(stamp, clock)).toBe(401);
  });

  it('turns a 500 from Bolt into 400 and leaves every other status alone', () => {
    expect(statusAfterBolt(500)).toBe(400);
    for (const status of [200, 401, 404, 413]) expect(statusAfterBolt(status)).toBe(status);
  });
});

describe('the body guard in front of the Lambda receiver', () => {
  const FORM = 'application/x-www-form-urlencoded';
  it.each([
    ['a slash command', 'command=%2Fbucket-key&text=help', FORM],
    ['a click', `payload=${encodeURIComponent('{"type":"block_actions"}')}`, FORM],
    ['an event', '{"type":"event_callback"}', 'application/json'],
    ['a body exactly at the limit', `a=${'x'.repeat(MAX_BODY_BYTES - 2)}`, FORM],
  ])('lets %s through', (_, body, contentType) => {
    expect(refuseBody(body, contentType)).toBeUndefined();
  });

  it.each([
    ['JSON that is not JSON', '{"type":', 'application/json'],
    ['a form payload that is not JSON', 'payload=%7Bbad', FORM],
    ['a form under another content type, which the receiver reads as JSON', 'a=1', `${FORM}; charset=utf-8`],
    ['no content type and no JSON', 'hello', undefined],
  ])('answers %s with 400', (_, body, contentType) => {
    expect(refuseBody(body, contentType)).toBe(400);
  });

  it('answers a body one byte over the limit with 413, counting bytes, not characters', () => {
    expect(refuseBody(`a=${'x'.repeat(MAX_BODY_BYTES - 1)}`, FORM)).toBe(413);
    expect(refuseBody(`a=${'é'.repeat(MAX_BODY_BYTES / 2)}`, FORM)).toBe(413);
  });
});
