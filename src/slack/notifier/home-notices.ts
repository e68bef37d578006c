import type { HomeNotices } from '../../ports/notices/home-notices.js';
import { homeView } from '../messages/home-view.js';
import type { NoticeContext } from './notice-context.js';

/** App Home, drawn with the builders in ../messages/. */
export function homeNotices(context: NoticeContext): HomeNotices {
  return {
    homeReady: (userId, { own, toDecide, lastUsed, reviews }) =>
      context.messenger.publishHome(
        userId,
        homeView(own, toDecide && { ...toDecide, channelId: context.approvalChannelId }, lastUsed, reviews),
      ),
  };
}
