import { describe, expect, it } from 'vitest';
import { isFreshSlackRequest, refuseBeforeBolt, statusAfterBolt } from '../../../src/slack/request-guard.js';
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
