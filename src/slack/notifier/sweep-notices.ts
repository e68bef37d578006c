import type { SweepNotices } from '../../ports/notices/sweep-notices.js';
import {
  expiryWarning,
  idleKeyDeleted,
  idleWarning,
  oldKeyRetiredDm,
} from '../messages/lifecycle-messages.js';
import { pendingReminder } from '../messages/reminder-messages.js';
import { expiredDm } from '../messages/requester-replies.js';
import { yourKeyExpired } from '../messages/revoke-messages.js';
import { bucketDelistedWithKeys, unknownKeysReports } from '../messages/sweeper-messages.js';
import type { NoticeContext } from './notice-context.js';
import { tellInDm } from './tell.js';

/** Sweep notices, worded with the builders in ../messages/. */
export function sweepNotices(context: NoticeContext): SweepNotices {
  const { messenger, approvalChannelId } = context;
  const dm = async (userId: string, message: Parameters<typeof messenger.directMessage>[1]) => {
    await messenger.directMessage(userId, message);
  };
  return {
    requestExpired: (request) => tellInDm(context, request.requesterId, expiredDm(request)),
    keyExpired: (request, accessKeyId) =>
      tellInDm(context, request.requesterId, yourKeyExpired(request.bucket, accessKeyId)),
    unknownKeysFound: (keys) =>
      unknownKeysReports(keys).map(({ keys: part, message }) => ({
        keys: part,
        post: async () => {
          await messenger.post(approvalChannelId, message);
        },
      })),
    bucketDelisted: async (bucket, region, keys) => {
      await messenger.post(approvalChannelId, bucketDelistedWithKeys(bucket, region, keys));
    },
    keyExpiryWarning: (request) => dm(request.requesterId, expiryWarning(request)),
    keyIdleWarning: (request, idle) =>
      dm(request.requesterId, idleWarning(request, idle.since, idle.deleteAt)),
    idleKeyDeleted: (request, idleMaxMs) => dm(request.requesterId, idleKeyDeleted(request, idleMaxMs)),
    approvalReminder: async (request, card, reminder) => {
      await messenger.postInThread(card, pendingReminder(request, reminder));
    },
    oldKeyRetired: (request, why) => tellInDm(context, request.requesterId, oldKeyRetiredDm(request, why)),
  };
}
