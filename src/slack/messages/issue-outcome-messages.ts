import type { AccessRequest } from '../../domain/access-request.js';
import { describeDuration } from '../../domain/duration.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, section, simple } from './format.js';
import { createKeyButton } from './requester-replies.js';

/** The policy in force when the key was to be made no longer allows the bucket: nothing was created. */
export function bucketNoLongerAllowed(request: AccessRequest): SlackMessage {
  return simple(
    `:no_entry: *${request.bucket}* is no longer a bucket that keys can be issued for here, so I created no key.`,
    `Your approval \`${request.requestId}\` was not used. Ask an approver if the bucket should be allowed again.`,
  );
}

/** Lightsail answered the create with a failure and what it left behind is settled: try again now. */
export function createFailedTryAgain(request: AccessRequest): SlackMessage {
  return {
    text: `Lightsail could not create your key for ${request.bucket}. Nothing was kept; you can try again now.`,
    blocks: [
      section(
        `:cloud: Lightsail answered with an error while creating your key for *${request.bucket}*. No secret was shown and nothing was left behind.`,
      ),
      createKeyButton(request),
      context(
        `Your approval \`${request.requestId}\` is still valid: press *Create key now* to try again straight away.`,
      ),
    ],
  };
}

/** Lightsail answered the create with a failure, but what it left behind could not be settled yet. */
export function createFailedCleanupPending(request: AccessRequest, issuingTimeoutMs: number): SlackMessage {
  return simple(
    `:cloud: Lightsail answered with an error while creating your key for *${request.bucket}*, and I could not check yet what it left behind. No secret was shown, and any key it made will be deleted.`,
    `Your approval \`${request.requestId}\` is usable again within ${describeDuration(issuingTimeoutMs)}; then run \`/bucket-key create ${request.bucket}\`.`,
  );
}

/** The key's grant was revoked, or its access expired, while the key was made: it was deleted unseen. */
export function grantEndedBeforeIssue(request: AccessRequest): SlackMessage {
  return simple(
    `:no_entry: The access \`${request.requestId}\` was to be issued under on *${request.bucket}* was revoked or has expired, so the key was deleted before anyone saw it.`,
    `Ask for a new key with \`/bucket-key create ${request.bucket} <reason>\`.`,
  );
}
