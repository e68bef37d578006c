import fc from 'fast-check';

/** Text people (and attackers) might type: words from the grammar mixed with anything at all. */
export const commandText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'create',
          'list',
          'revoke',
          'status',
          'audit',
          'help',
          '--since',
          '--limit',
          '7d',
          '999999w',
          '3651d',
          'ok\u2028fake line',
          'zero\u200Bwidth',
          '\u061C',
          '\u2029',
          '0',
          '41',
          '<@U123|x>',
          '<!channel>',
        ),
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,60}[a-z0-9]$/),
        fc.stringMatching(/^[A-Z0-9]{10,30}$/),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 8 },
    )
    .map((words) => words.join(' ')),
);

export const DURATION_UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Well-formed duration texts, often near the 400-day and 10-year bounds and far beyond them. */
export const durationText = fc
  .record({
    amount: fc.oneof(
      fc.integer({ min: 0, max: 999_999 }),
      fc.constantFrom(3650, 3651, 520, 521, 522, 87_600, 87_601, 400, 401, 9600, 9601, 999_999),
    ),
    unit: fc.constantFrom(...(Object.keys(DURATION_UNIT_MS) as Array<keyof typeof DURATION_UNIT_MS>)),
  })
  .map(({ amount, unit }) => ({ text: `${amount}${unit}`, amount, unit }));

/** Valid Lightsail bucket names, often ones that also occur inside the word `create`. */
export const bucketName = fc.oneof(
  fc.constantFrom('eat', 'rea', 'cre', 'ate', 'reate', 'create', 'create-bucket'),
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,52}[a-z0-9]$/),
);

/** Bidi embedding, override and isolate controls: they can make text read differently from what it is. */
export const BIDI_CONTROLS = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
] as const;

/**
 * Characters a reason may not hold (besides the bidi controls, which are dropped): control
 * characters (Cc), line and paragraph separators (Zl, Zp), invisible format characters (Cf).
 */
export const HIDDEN_IN_REASON = /[\p{Cc}\p{Zl}\p{Zp}\p{Cf}]/u;
export const hiddenCharacter = fc
  .oneof(
    fc.constantFrom(
      '\u2028',
      '\u2029',
      '\u200B',
      '\u200C',
      '\u200D',
      '\u200E',
      '\u200F',
      '\u061C',
      '\u00AD',
      '\u2060',
      '\uFEFF',
      '\u{E0041}',
    ),
    fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCodePoint(code)),
  )
  .filter((character) => HIDDEN_IN_REASON.test(character));

const WITHOUT_BIDI = new RegExp(`[${BIDI_CONTROLS.join('')}]`, 'gu');

/**
 * Reasons without those characters, at most 300 characters once bidi controls are removed:
 * words of the grammar, the bucket-like names above, spacing, bidi controls and any other text.
 */
export const reasonText = fc
  .array(
    fc.oneof(
      fc.constantFrom('create', 'e', 'eat', 'rea', ' ', '  ', '\u00A0', '\u3000', ...BIDI_CONTROLS),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''))
  .filter((text) => !HIDDEN_IN_REASON.test(text.replace(WITHOUT_BIDI, '')) && text.length <= 300);
