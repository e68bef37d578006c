import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS } from '../../../src/domain/duration.js';
import { parseJob } from '../../../src/ports/job-schema.js';
import { FORM_INPUT, REQUEST_FORM_BLOCK } from '../../../src/slack/messages/ids.js';
import { readRequestForm } from '../../../src/slack/signed-jobs/request-form.js';

/** A request modal's view as Slack submits it. */
function view(form: { reason?: string; lifetime?: string }) {
  return {
    state: {
      values: {
        [REQUEST_FORM_BLOCK.bucket]: {
          [FORM_INPUT.bucketPicker]: { selected_option: { value: 'media-assets' } },
        },
        [REQUEST_FORM_BLOCK.reason]: { [FORM_INPUT.reasonInput]: { value: form.reason ?? 'nightly export' } },
        [REQUEST_FORM_BLOCK.lifetime]: { [FORM_INPUT.lifetimeInput]: { value: form.lifetime ?? null } },
      },
    },
  };
}

describe('the request form', () => {
  it('takes a lifetime of up to 10 years', () => {
    expect(readRequestForm(view({ lifetime: '3650d' }))).toEqual({
      ok: true,
      bucket: 'media-assets',
      reason: 'nightly export',
      lifetimeMs: 3650 * 86_400_000,
    });
  });

  it.each(['999999w', '3651d'])('refuses a lifetime of %s, beyond 10 years, in its field', (lifetime) => {
    expect(readRequestForm(view({ lifetime }))).toEqual({
      ok: false,
      errors: { lifetime: 'A key lives at most 10 years.' },
    });
  });

  it('reads a pasted line or paragraph separator in the reason as a space, as it reads a line break', () => {
    expect(readRequestForm(view({ reason: 'nightly\u2028export\u2029job\nrun' }))).toMatchObject({
      ok: true,
      reason: 'nightly export job run',
    });
  });

  it.each(['\u200B', '\u200F', '\u061C', '\uFEFF'])(
    'refuses a reason holding the invisible %j in its field, naming it',
    (character) => {
      const answer = readRequestForm(view({ reason: `approved${character} by ops` }));
      expect(answer).toMatchObject({
        ok: false,
        errors: {
          reason: expect.stringMatching(/^The reason contains U\+[0-9A-F]{4}, an invisible formatting/),
        },
      });
    },
  );

  it('refuses a create job with a lifetime beyond 10 years, whoever built it', () => {
    const job = { kind: 'create', userId: 'UREQUESTER', bucket: 'media-assets', reason: 'nightly' };
    expect(parseJob({ ...job, lifetimeMs: MAX_DURATION_MS })).toMatchObject({ lifetimeMs: MAX_DURATION_MS });
    expect(parseJob({ ...job, lifetimeMs: MAX_DURATION_MS + 1 })).toBeUndefined();
  });
});
