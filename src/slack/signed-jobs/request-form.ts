import { parseCommand } from '../../domain/command.js';
import { isBeyondMaxDuration, MAX_DURATION_TEXT, parseDuration } from '../../domain/duration.js';
import { InvalidCommandError } from '../../domain/errors.js';
import { BUCKET_NAME } from '../../domain/patterns.js';
import { FORM_INPUT, REQUEST_FORM_BLOCK } from '../messages/ids.js';
import type { FormErrors } from '../messages/request-modal.js';

export type RequestForm =
  | { ok: true; bucket: string; reason: string; lifetimeMs?: number }
  | { ok: false; errors: FormErrors };

type StateValues = Record<string, Record<string, { value?: unknown; selected_option?: { value?: unknown } }>>;

/**
 * Reads the request modal's submission (view.state.values) and applies the same checks as
 * `/bucket-key create <bucket> <reason>`, by running its text through the command parser.
 */
export function readRequestForm(view: Record<string, unknown> | undefined): RequestForm {
  const values = ((view?.state as { values?: unknown } | undefined)?.values ?? {}) as StateValues;
  const picked = values[REQUEST_FORM_BLOCK.bucket]?.[FORM_INPUT.bucketPicker]?.selected_option?.value;
  const bucket = typeof picked === 'string' ? picked : '';
  const typedReason = values[REQUEST_FORM_BLOCK.reason]?.[FORM_INPUT.reasonInput]?.value;
  // A pasted line break (or line and paragraph separator) is refused by the command parser; in a form it is a space.
  const reason =
    typeof typedReason === 'string' ? typedReason.replace(/[\r\n\t\p{Zl}\p{Zp}]+/gu, ' ').trim() : '';
  const typedLifetime = values[REQUEST_FORM_BLOCK.lifetime]?.[FORM_INPUT.lifetimeInput]?.value;
  const lifetime = typeof typedLifetime === 'string' ? typedLifetime.trim() : '';

  if (!BUCKET_NAME.test(bucket)) return { ok: false, errors: { bucket: 'Pick a bucket from the list.' } };
  const errors: FormErrors = {};
  let parsedReason = '';
  try {
    const command = parseCommand(`create ${bucket} ${reason}`);
    if (command.name === 'create') parsedReason = command.reason;
  } catch (error) {
    if (!(error instanceof InvalidCommandError)) throw error;
    errors.reason = error.message;
  }
  const lifetimeMs = lifetime === '' ? undefined : parseDuration(lifetime);
  if (lifetime !== '' && lifetimeMs === undefined)
    errors.lifetime = isBeyondMaxDuration(lifetime)
      ? `A key lives at most ${MAX_DURATION_TEXT}.`
      : 'Write a duration such as 7d, 12h or 90m.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, bucket, reason: parsedReason, ...(lifetimeMs === undefined ? {} : { lifetimeMs }) };
}
