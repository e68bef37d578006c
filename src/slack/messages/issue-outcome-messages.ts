import type { AccessRequest } from '../../domain/access-request.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { simple } from './format.js';

/** The policy in force when the key was to be made no longer allows the bucket: nothing was created. */
export function bucketNoLongerAllowed(request: AccessRequest): SlackMessage {
  return simple(
    `:no_entry: *${request.bucket}* is no longer a bucket that keys can be issued for here, so I created no key.`,
    `Your approval \`${request.requestId}\` was not used. Ask an approver if the bucket should be allowed again.`,
  );
}
