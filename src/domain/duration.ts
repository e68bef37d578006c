const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d{1,6})([smhdw])$/;

/**
 * The longest duration anything may take: 10 years (3,650 days). Dates are stored as ISO strings
 * and compared as text, which matches time order only while the year has four digits; now plus a
 * few such durations stays far below year 10000.
 */
export const MAX_DURATION_MS = 3650 * UNIT_MS.d;
export const MAX_DURATION_TEXT = '10 years';

/**
 * Parses `90s`, `15m`, `24h`, `30d`, `2w` into milliseconds; undefined when malformed, zero or
 * longer than MAX_DURATION_MS. Every duration the bot reads (form, command, configuration, policy)
 * goes through here.
 */
export function parseDuration(text: string): number | undefined {
  const ms = unbounded(text);
  return ms !== undefined && ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}

/** True for a well-formed duration longer than MAX_DURATION_MS, so a refusal can say what is wrong. */
export function isBeyondMaxDuration(text: string): boolean {
  return (unbounded(text) ?? 0) > MAX_DURATION_MS;
}

function unbounded(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}

/** Renders milliseconds the way people say them: `24 hours`, `30 days`, `15 minutes`. */
export function describeDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [UNIT_MS.d, 'day'],
    [UNIT_MS.h, 'hour'],
    [UNIT_MS.m, 'minute'],
    [UNIT_MS.s, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(ms / 1000)} seconds`;
}
