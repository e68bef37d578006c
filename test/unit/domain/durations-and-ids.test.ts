import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDuration, MAX_DURATION_MS, parseDuration } from '../../../src/domain/duration.js';
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
  it('takes up to 10 years, in any unit', () => {
    expect(MAX_DURATION_MS).toBe(3650 * 86_400_000);
    expect(parseDuration('3650d')).toBe(MAX_DURATION_MS);
    expect(parseDuration('87600h')).toBe(MAX_DURATION_MS);
    expect(parseDuration('520w')).toBe(520 * 604_800_000);
  });
  it.each(['3651d', '522w', '87601h', '999999w'])('refuses %s, beyond 10 years', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
  it('keeps every date within reach sortable as text, as the store compares them', () => {
    // Why the bound: 999999w from now is past year 9999, and its ISO string sorts before today's.
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(new Date(now + 999_999 * 604_800_000).toISOString() < new Date(now).toISOString()).toBe(true);
    // Any two times from 2000 to three maximal durations past 2100 compare as their ISO strings do.
    const reach = fc.integer({
      min: Date.parse('2000-01-01T00:00:00Z'),
      max: Date.parse('2100-01-01T00:00:00Z') + 3 * MAX_DURATION_MS,
    });
    fc.assert(
      fc.property(reach, reach, (a, b) => {
        const [isoA, isoB] = [new Date(a).toISOString(), new Date(b).toISOString()];
        // DynamoDB compares strings by their bytes; for ASCII that is JavaScript's `<`.
        expect(isoA < isoB).toBe(a < b);
      }),
    );
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
