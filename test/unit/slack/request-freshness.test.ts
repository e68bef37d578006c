import { describe, expect, it } from 'vitest';
import { isFreshSlackRequest } from '../../../src/slack/request-freshness.js';

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
