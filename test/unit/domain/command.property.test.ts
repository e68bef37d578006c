import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AUDIT_LIMIT, parseCommand } from '../../../src/domain/command.js';
import { InvalidCommandError } from '../../../src/domain/errors.js';
import { BUCKET_NAME } from '../../../src/domain/patterns.js';
import { REQUEST_ID } from '../../../src/domain/request-id.js';
import { BIDI_CONTROLS, bucketName, commandText, reasonText } from '../../support/arbitraries.js';

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
            expect(command.reason).not.toMatch(/\p{Cc}/u);
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
