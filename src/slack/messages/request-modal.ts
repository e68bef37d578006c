import type { View } from '@slack/types';
import { MAX_REASON } from '../../domain/command.js';
import { describeDuration } from '../../domain/duration.js';
import type { BucketCatalog, CatalogBucket } from '../../ports/bucket-catalog.js';
import { MAX_KEYS_PER_BUCKET } from '../../ports/key-issuer.js';
import { FORM_INPUT, REQUEST_FORM_BLOCK, VIEW } from './ids.js';

/** Slack's limit for an option's text. */
const OPTION_TEXT_MAX = 75;
/** Bucket names are at most 54 characters; a longer query can match nothing. */
export const MAX_PICKER_QUERY = 54;
/** external_select shows at most 100 options. */
const MAX_OPTIONS = 100;

const plain = (text: string) => ({ type: 'plain_text' as const, text });

/**
 * The request modal: a bucket picker whose options the bot answers as the person types, a reason and
 * an optional shorter key life. Submitting it is `/bucket-key create <bucket> <reason>`.
 */
export function requestModal(): View {
  return {
    type: 'modal',
    callback_id: VIEW.requestKey,
    title: plain('Request a key'),
    submit: plain('Request'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'An approver decides. The secret is shown once, only to you, in your DM with the bot.',
          },
        ],
      },
      {
        type: 'input',
        block_id: REQUEST_FORM_BLOCK.bucket,
        label: plain('Bucket'),
        element: {
          type: 'external_select',
          action_id: FORM_INPUT.bucketPicker,
          placeholder: plain('Type to search buckets'),
          min_query_length: 0,
        },
      },
      {
        type: 'input',
        block_id: REQUEST_FORM_BLOCK.reason,
        label: plain('Reason'),
        // Whether a bucket needs a reason is known only once it is picked: the submission checks it.
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: FORM_INPUT.reasonInput,
          max_length: MAX_REASON,
          placeholder: plain('What the key is for'),
        },
      },
      {
        type: 'input',
        block_id: REQUEST_FORM_BLOCK.lifetime,
        label: plain('Key lifetime'),
        optional: true,
        hint: plain("Such as 7d or 12h. Empty: the bucket's maximum age, or until revoked."),
        element: {
          type: 'plain_text_input',
          action_id: FORM_INPUT.lifetimeInput,
          max_length: 10,
          placeholder: plain('7d'),
        },
      },
    ],
  };
}

/** One picker option: the bucket, its region and its used slots, within Slack's 75 characters. */
function optionOf(entry: CatalogBucket) {
  const details = ` · ${entry.region} · ${entry.keyCount}/${MAX_KEYS_PER_BUCKET} keys`;
  const text = `${entry.bucket}${details}`;
  return {
    text: plain(text.length <= OPTION_TEXT_MAX ? text : entry.bucket),
    value: entry.bucket,
  };
}

/**
 * The picker's answer to what was typed: buckets whose name contains it, at most 100. A query longer
 * than any bucket name matches nothing and is not searched.
 */
export function bucketOptions(catalog: BucketCatalog | undefined, query: string) {
  if (!catalog || query.length > MAX_PICKER_QUERY) return { options: [] };
  const needle = query.trim().toLowerCase();
  const matches = catalog.buckets.filter((entry) => entry.bucket.includes(needle));
  return { options: matches.slice(0, MAX_OPTIONS).map(optionOf) };
}

/** What each field of a submission got wrong, by block_id, for `response_action: errors`. */
export type FormErrors = Partial<Record<keyof typeof REQUEST_FORM_BLOCK, string>>;

/**
 * Checks a well-formed submission against what the picker offered: the bucket must be in the catalog
 * (a tampered submission names another), the reason as long as its policy asks, the lifetime within
 * the bucket's maximum age. Undefined when it passes; the worker applies the policy once more.
 */
export function checkAgainstCatalog(
  catalog: BucketCatalog | undefined,
  form: { bucket: string; reason: string; lifetimeMs?: number },
): FormErrors | undefined {
  // No catalog yet (a fresh deploy before the first sweep): the worker's checks decide alone.
  if (!catalog) return undefined;
  const entry = catalog.buckets.find((candidate) => candidate.bucket === form.bucket);
  if (!entry) return { bucket: `${form.bucket} is not a bucket that keys can be requested for here.` };
  const errors: FormErrors = {};
  const min = entry.reasonMinLength ?? 0;
  if (form.reason.trim().length < min)
    errors.reason = `Keys to ${entry.bucket} need a reason of at least ${min} characters.`;
  if (form.lifetimeMs !== undefined && entry.keyMaxAgeMs !== undefined && form.lifetimeMs > entry.keyMaxAgeMs)
    errors.lifetime = `Keys to ${entry.bucket} live at most ${describeDuration(entry.keyMaxAgeMs)}.`;
  return Object.keys(errors).length > 0 ? errors : undefined;
}
