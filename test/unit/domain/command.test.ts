import { describe, expect, it } from 'vitest';
import { MAX_AUDIT_SINCE, parseCommand } from '../../../src/domain/command.js';
import { InvalidCommandError } from '../../../src/domain/errors.js';
import { requestIdFor } from '../../../src/domain/request-id.js';

describe('parseCommand', () => {
  it('reads create with and without a reason, keeping the reason’s own spacing', () => {
    expect(parseCommand('create media-assets nightly  backups')).toEqual({
      name: 'create',
      bucket: 'media-assets',
      reason: 'nightly  backups',
    });
    expect(parseCommand('  CREATE media-assets ')).toEqual({
      name: 'create',
      bucket: 'media-assets',
      reason: '',
    });
  });

  // Outside review, finding 1: the reason was cut at the first place the bucket name occurred, even inside the verb.
  it.each([
    ['create eat lunch break', 'eat', 'lunch break'],
    ['create rea because', 'rea', 'because'],
    ['CREATE cre cre again', 'cre', 'cre again'],
    ['create create-ab create-ab twice', 'create-ab', 'create-ab twice'],
  ])('reads the reason as the text after the bucket in %j', (text, bucket, reason) => {
    expect(parseCommand(text)).toEqual({ name: 'create', bucket, reason });
  });

  // Outside review, finding 3: a right-to-left override could make an approver read a reason backwards.
  it.each([
    ['\u202E', 'right-to-left override'],
    ['\u202A\u202B\u202C\u202D', 'embeddings, pop and left-to-right override'],
    ['\u2066\u2067\u2068\u2069', 'isolates'],
  ])('drops bidi controls (%j, %s) from the reason', (controls) => {
    expect(parseCommand(`create media-assets backup ${controls}txt.exe nightly`)).toEqual({
      name: 'create',
      bucket: 'media-assets',
      reason: 'backup txt.exe nightly',
    });
    expect(parseCommand(`create media-assets ${controls}`)).toMatchObject({ reason: '' });
  });

  it.each([
    ['\u2028', 'U+2028, a line separator'],
    ['\u2029', 'U+2029, a paragraph separator'],
    ['\u200B', 'U+200B, an invisible formatting character'],
    ['\u200C', 'U+200C, an invisible formatting character'],
    ['\u200D', 'U+200D, an invisible formatting character'],
    ['\u200E', 'U+200E, an invisible formatting character'],
    ['\u200F', 'U+200F, an invisible formatting character'],
    ['\u061C', 'U+061C, an invisible formatting character'],
    ['\u00AD', 'U+00AD, an invisible formatting character'],
    ['\uFEFF', 'U+FEFF, an invisible formatting character'],
    ['\u0007', 'U+0007, a control character'],
    ['\u0085', 'U+0085, a control character'],
  ])('refuses a reason holding %j, naming it: %s', (character, named) => {
    const read = () => parseCommand(`create media-assets approved by ops${character}looks fine`);
    expect(read).toThrow(InvalidCommandError);
    expect(read).toThrow(`The reason contains ${named}; a reason may not contain control characters`);
  });

  it('reads list, revoke and status', () => {
    expect(parseCommand('list media-assets')).toEqual({ name: 'list', bucket: 'media-assets' });
    expect(parseCommand('revoke media-assets AKIAABCDEFGHIJKLMNOP')).toEqual({
      name: 'revoke',
      bucket: 'media-assets',
      accessKeyId: 'AKIAABCDEFGHIJKLMNOP',
    });
    expect(parseCommand('status')).toEqual({ name: 'status' });
  });

  it('reads the three audit subjects and their options', () => {
    const id = requestIdFor('U1', 'media-assets', 3);
    expect(parseCommand('audit media-assets --since 7d --limit 20')).toEqual({
      name: 'audit',
      subject: { kind: 'bucket', bucket: 'media-assets' },
      sinceMs: 7 * 86_400_000,
      limit: 20,
    });
    expect(parseCommand('audit <@U0123ABC|riley>')).toEqual({
      name: 'audit',
      subject: { kind: 'user', userId: 'U0123ABC' },
    });
    expect(parseCommand('audit <@U0123ABC> --by --limit 5')).toEqual({
      name: 'audit',
      subject: { kind: 'actor', userId: 'U0123ABC' },
      limit: 5,
    });
    expect(() => parseCommand('audit media-assets --by')).toThrow(/after a @user/);
    expect(parseCommand('audit media-assets --since 400d')).toMatchObject({ sinceMs: MAX_AUDIT_SINCE });
    expect(parseCommand('audit media-assets --since 9600h')).toMatchObject({ sinceMs: MAX_AUDIT_SINCE });
    expect(parseCommand(`audit ${id.toLowerCase()}`)).toEqual({
      name: 'audit',
      subject: { kind: 'request', requestId: id },
    });
  });

  it('reads `create` with no bucket as the request form', () => {
    expect(parseCommand('create')).toEqual({ name: 'createForm' });
    expect(parseCommand('  CREATE  ')).toEqual({ name: 'createForm' });
  });

  it.each([
    ['destroy everything', /I don't know `destroy`/],
    ['create UPPER', /not a valid Lightsail bucket name/],
    ['create a', /not a valid Lightsail bucket name/],
    ['create média', /not a valid Lightsail bucket name/],
    [`create ok-bucket ${'r'.repeat(301)}`, /longer than 300/],
    ['list', /Usage/],
    ['list a b', /Usage/],
    ['revoke media-assets not-a-key', /not an access key id/],
    ['status now', /Usage/],
    ['audit', /Usage: `audit/],
    ['audit media-assets --since forever', /--since/],
    // Outside review, finding 4: a date before year 0 was refused by the worker, and nobody was told.
    ['audit media-assets --since 999999d', /`--since` goes back at most 400 days/],
    ['audit media-assets --since 401d', /`--since` goes back at most 400 days/],
    ['audit media-assets --since 58w', /`--since` goes back at most 400 days/],
    ['audit <@U0123ABC> --by --since 999999w', /`--since` goes back at most 400 days/],
    ['audit media-assets --limit 0', /--limit/],
    ['audit media-assets --limit 41', /--limit/],
    ['audit media-assets --verbose', /I don't understand/],
    ['x'.repeat(1001), /too long/],
  ])('refuses %j with a message a person can act on', (text, message) => {
    expect(() => parseCommand(text)).toThrow(InvalidCommandError);
    expect(() => parseCommand(text)).toThrow(message);
  });

  it('does not echo Slack markup back', () => {
    expect(() => parseCommand('<!channel> hi')).toThrow(/I don't know `!channel`/);
  });
});

describe('rotate', () => {
  it('parses a bucket and an access key id', () => {
    expect(parseCommand('rotate media-assets AKIAABCDEFGHIJKLMNOP')).toEqual({
      name: 'rotate',
      bucket: 'media-assets',
      accessKeyId: 'AKIAABCDEFGHIJKLMNOP',
    });
  });

  it('refuses a missing key id, an extra word and a malformed key id', () => {
    expect(() => parseCommand('rotate media-assets')).toThrow(/rotate <bucket> <access-key-id>/);
    expect(() => parseCommand('rotate media-assets AKIAABCDEFGHIJKLMNOP now')).toThrow(InvalidCommandError);
    expect(() => parseCommand('rotate media-assets not-a-key')).toThrow(/is not an access key id/);
  });
});
