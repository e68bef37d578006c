import type { KeyNotices } from '../../ports/notices/key-notices.js';
import type { NoticeContext } from './notice-context.js';

/** Key notices, worded with the builders in ../messages/. */
export function keyNotices(_context: NoticeContext): KeyNotices {
  return {};
}
