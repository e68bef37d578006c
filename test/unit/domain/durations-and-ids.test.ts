import { describe, expect, it } from 'vitest';
import { describeDuration, parseDuration } from '../../../src/domain/duration.js';
import { BUCKET_NAME } from '../../../src/domain/patterns.js';
import { parseRequestId, REQUEST_ID, requestIdFor } from '../../../src/domain/request-id.js';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['30d', 2_592_000_000],
    ['2w', 1_209_600_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', '0h', '1y', '-5m', '1.5h', '24 h'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
  it('describes durations as people say them', () => {
    expect(describeDuration(86_400_000)).toBe('1 day');
    expect(describeDuration(2 * 3_600_000)).toBe('2 hours');
    expect(describeDuration(90_000)).toBe('90 seconds');
  });
});

describe('request ids', () => {
  it('are deterministic per requester, bucket and sequence, and differ otherwise', () => {
    expect(requestIdFor('U1', 'media-assets', 1)).toBe(requestIdFor('U1', 'media-assets', 1));
    expect(requestIdFor('U1', 'media-assets', 1)).not.toBe(requestIdFor('U2', 'media-assets', 1));
    expect(requestIdFor('U1', 'media-assets', 1)).not.toBe(requestIdFor('U1', 'media-assets', 2));
  });
  it('can never be mistaken for a bucket name', () => {
    const id = requestIdFor('U1', 'media-assets', 7);
    expect(id).toMatch(REQUEST_ID);
    expect(BUCKET_NAME.test(id)).toBe(false);
    expect(parseRequestId(id.toLowerCase())).toBe(id);
    expect(parseRequestId('media-assets')).toBeUndefined();
  });
});
