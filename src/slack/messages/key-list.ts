import type { AccessRequest } from '../../domain/access-request.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, mention, moreLine, section, simple, slackDate } from './format.js';

/** Lightsail allows two keys a bucket; the cap only keeps an odd answer within Block Kit's limits. */
const KEYS_SHOWN = 10;

/** A bucket's keys as Lightsail reports them, joined with the bot's records where it has one. */
export function keyList(
  bucket: string,
  region: string,
  keys: readonly BucketKey[],
  records: readonly AccessRequest[],
): SlackMessage {
  if (keys.length === 0) return simple(`*${bucket}* (${region}) holds no access keys.`);
  const blocks = [
    section(`*Access keys on ${bucket}* (${region}): ${keys.length} of 2`),
    ...keys.slice(0, KEYS_SHOWN).map((key) =>
      section(
        describeKey(
          key,
          records.find((r) => r.accessKeyId === key.accessKeyId),
        ),
      ),
    ),
    ...(keys.length > KEYS_SHOWN
      ? [moreLine(keys.length - KEYS_SHOWN, 'keys', 'the Lightsail console lists them all')]
      : []),
    context(`Revoke one with \`/bucket-key revoke ${bucket} <access-key-id>\`.`),
  ];
  return { text: `${bucket} holds ${keys.length} access keys`, blocks };
}

function describeKey(key: BucketKey, record: AccessRequest | undefined): string {
  const used = key.lastUsedAt
    ? `last used ${slackDate(key.lastUsedAt)} from ${key.lastUsedRegion ?? '?'} (${key.lastUsedService ?? '?'})`
    : 'never used';
  const lines = [`\`${key.accessKeyId}\` · ${key.status} · created ${slackDate(key.createdAt)} · ${used}`];
  if (record) {
    lines.push(
      `issued to ${mention(record.requesterId)} (\`${record.requestId}\`), approved by ${mention(record.decidedBy ?? '')}, ` +
        (record.keyExpiresAt ? `expires ${slackDate(record.keyExpiresAt)}` : 'no expiry'),
    );
  } else {
    lines.push(':grey_question: _not issued by bucket-key_');
  }
  return lines.join('\n');
}
