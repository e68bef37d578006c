import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AUDIT_LIMIT, MAX_AUDIT_SINCE, parseCommand } from '../../../src/domain/command.js';
import { MAX_DURATION_MS, parseDuration } from '../../../src/domain/duration.js';
import { InvalidCommandError } from '../../../src/domain/errors.js';
import { BUCKET_NAME } from '../../../src/domain/patterns.js';
import { REQUEST_ID } from '../../../src/domain/request-id.js';
import {
  BIDI_CONTROLS,
  bucketName,
  commandText,
  DURATION_UNIT_MS,
  durationText,
  HIDDEN_IN_REASON,
  hiddenCharacter,
  reasonText,
} from '../../support/arbitraries.js';

describe('parseCommand on arbitrary text', () => {
  it('either returns a well-formed command or refuses with InvalidCommandError: nothing else', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        let command: ReturnType<typeof parseCommand>;
        try {
          command = parseCommand(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCommandError);
          expect((error as Error).message.length).toBeGreaterThan(0);
          // Usage shows <placeholders>; what the user typed is never echoed as Slack markup.
          expect((error as Error).message).not.toMatch(/<[@!#]/);
          return;
        }
        switch (command.name) {
          case 'create':
            expect(command.bucket).toMatch(BUCKET_NAME);
            expect(command.reason.length).toBeLessThanOrEqual(300);
            expect(command.reason).not.toMatch(HIDDEN_IN_REASON);
            expect(command.reason).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/u);
            break;
          case 'list':
            expect(command.bucket).toMatch(BUCKET_NAME);
            break;
          case 'revoke':
            expect(command.bucket).toMatch(BUCKET_NAME);
            expect(command.accessKeyId).toMatch(/^[A-Z0-9]+$/);
            break;
          case 'audit':
            if (command.subject.kind === 'bucket') expect(command.subject.bucket).toMatch(BUCKET_NAME);
            if (command.subject.kind === 'request') expect(command.subject.requestId).toMatch(REQUEST_ID);
            if (command.limit !== undefined) expect(command.limit).toBeLessThanOrEqual(MAX_AUDIT_LIMIT);
            break;
          default:
            break;
        }
      }),
      { numRuns: 3000 },
    );
  });

  // Outside review, findings 1 and 3: the reason is the text after the bucket token, without bidi controls.
  it('reads the reason of create as exactly the text after the bucket, trimmed and without bidi controls', () => {
    const withoutBidi = new RegExp(`[${BIDI_CONTROLS.join('')}]`, 'gu');
    fc.assert(
      fc.property(
        fc.constantFrom('create', 'CREATE', 'Create'),
        bucketName,
        reasonText,
        fc.constantFrom(' ', '  ', '\u00A0', ' \u3000'),
        (verb, bucket, reason, gap) => {
          const command = parseCommand(`${gap}${verb}${gap}${bucket}${gap}${reason}${gap}`);
          expect(command).toEqual({ name: 'create', bucket, reason: reason.replace(withoutBidi, '').trim() });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses a reason holding a control, separator or invisible format character, naming its code point', () => {
    fc.assert(
      fc.property(
        bucketName,
        reasonText.filter((reason) => reason.length <= 280),
        hiddenCharacter,
        (bucket, reason, hidden) => {
          const codePoint = (hidden.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
          const read = () => parseCommand(`create ${bucket} ${reason} why${hidden}not`);
          expect(read).toThrow(InvalidCommandError);
          expect(read).toThrow(`The reason contains U+${codePoint}, `);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads any duration as its amount times its unit when within 10 years, and refuses it otherwise', () => {
    fc.assert(
      fc.property(durationText, ({ text, amount, unit }) => {
        const ms = amount * DURATION_UNIT_MS[unit];
        expect(parseDuration(text)).toBe(ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes `--since` exactly when its duration is within 400 days, for lookups, verify and export', () => {
    fc.assert(
      fc.property(
        durationText,
        fc.constantFrom('audit media-assets', 'audit verify', 'audit export all'),
        ({ text, amount, unit }, prefix) => {
          const ms = amount * DURATION_UNIT_MS[unit];
          const read = () => parseCommand(`${prefix} --since ${text}`);
          if (ms > 0 && ms <= MAX_AUDIT_SINCE) expect(read()).toMatchObject({ sinceMs: ms });
          else expect(read).toThrow(InvalidCommandError);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts every valid bucket name Lightsail accepts, and no other', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcz09-_A.'), minLength: 1, maxLength: 60 }),
        (name) => {
          const valid = BUCKET_NAME.test(name);
          let parsed = false;
          try {
            parsed = parseCommand(`list ${name}`).name === 'list';
          } catch {
            parsed = false;
          }
          expect(parsed).toBe(valid);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
