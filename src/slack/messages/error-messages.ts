import { USAGE } from '../../domain/command.js';
import type { KeyIssuerError } from '../../domain/errors.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, section, simple } from './format.js';

export function usage(problem?: string): SlackMessage {
  return {
    text: problem ?? 'How to use /bucket-key',
    blocks: [
      ...(problem ? [section(`:warning: ${problem}`)] : []),
      section(USAGE),
      context('For example: `/bucket-key create my-bucket nightly backups`'),
    ],
  };
}

/** What a person can do about each Lightsail failure. */
export function lightsailProblem(
  error: KeyIssuerError,
  bucket: string,
  region: string,
  ref: string,
  requestable?: { names: readonly string[]; total: number },
): SlackMessage {
  switch (error.reason) {
    case 'bucket_not_found':
      return noSuchBucket(bucket, region, requestable);
    case 'invalid_input':
      return simple(
        `:warning: Lightsail refused the request for *${bucket}* as invalid.`,
        `Reference \`${ref}\``,
      );
    case 'access_denied':
    case 'unauthenticated':
      return simple(
        ':lock: The bot’s own AWS permissions or credentials are wrong, so it cannot manage keys right now. The approvers have been told.',
        `Reference \`${ref}\``,
      );
    case 'service_unavailable':
      return simple(
        ':cloud: Lightsail is not answering properly right now. Please try again in a few minutes.',
        `Reference \`${ref}\``,
      );
    case 'region_setup_in_progress':
      return simple(`:construction: Lightsail is still setting up ${region}. Try again later.`);
    default:
      return somethingWentWrong(ref);
  }
}

/** Names the buckets that can be requested, so the next try works: at most a few, then a count. */
export function noSuchBucket(
  bucket: string,
  region: string,
  requestable?: { names: readonly string[]; total: number },
): SlackMessage {
  const text = `:mag: There is no bucket *${bucket}* in ${region}. Check the name and the region.`;
  if (!requestable) return simple(text);
  if (requestable.total === 0) return simple(text, 'There are no buckets you can request keys for here.');
  const more = requestable.total - requestable.names.length;
  const list = requestable.names.map((name) => `\`${name}\``).join(', ');
  return simple(
    text,
    `Buckets you can request: ${list}${more > 0 ? ` and ${more} more` : ''}. For example \`/bucket-key create ${requestable.names[0]} <reason>\`.`,
  );
}

export function botMisconfigured(error: KeyIssuerError, ref: string): SlackMessage {
  return {
    text: 'bucket-key cannot reach Lightsail with its own credentials',
    blocks: [
      section(
        `:rotating_light: bucket-key got *${error.awsName}* from Lightsail: its IAM role or credentials need fixing.`,
      ),
      context(`Reference \`${ref}\` in the bot's logs.`),
    ],
  };
}

/** For failures nobody can act on from Slack: a reference to find the log line, never a stack. */
export function somethingWentWrong(ref: string): SlackMessage {
  return simple(
    ':warning: Something went wrong on my side. Nothing was handed out.',
    `Reference \`${ref}\` in the bot's logs.`,
  );
}

/** views.open failed (usually a trigger older than Slack's 3 seconds): the command still works. */
export function formNotOpened(): SlackMessage {
  return simple(
    ':hourglass: The request form could not be opened in time. Try again, or type `/bucket-key create <bucket> [reason]`.',
  );
}
