import type { RequestNotices } from '../../ports/notices/request-notices.js';
import type { NoticeContext } from './notice-context.js';

/** Request notices, worded with the builders in ../messages/. */
export function requestNotices(_context: NoticeContext): RequestNotices {
  return {};
}
