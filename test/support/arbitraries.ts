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
