import type { KeyNotices } from '../../ports/notices/key-notices.js';
import { secretMessage } from '../messages/key-messages.js';
import { rotationStarted } from '../messages/lifecycle-messages.js';
import { keysDeletedByRepair } from '../messages/repair-messages.js';
import { type NoticeContext, quietly } from './notice-context.js';

/** A key's birth and replacement, worded with the builders in ../messages/. */
export function keyNotices(context: NoticeContext): KeyNotices {
  const { messenger, approvalChannelId } = context;
  return {
    secretComing: (holderId) => messenger.prepareDirectMessage(holderId),
    secretReady: (holderId, secret) => messenger.ephemeralDirectMessage(holderId, secretMessage(secret)),
    rotationStarted: (old, newKeyId, retireBy) =>
      quietly(context, 'could not answer the user', { userId: old.requesterId }, () =>
        messenger.directMessage(old.requesterId, rotationStarted(old, newKeyId, retireBy)),
      ),
    keysDeletedByRepair: (deleted) =>
      quietly(
        context,
        'could not tell the approvers about deleted keys',
        { requestId: deleted.requestId },
        () => messenger.post(approvalChannelId, keysDeletedByRepair(deleted)),
      ),
  };
}
