import type { BreakGlassNotices } from '../../ports/notices/break-glass-notices.js';
import type { NoticeContext } from './notice-context.js';

/** BreakGlass notices, worded with the builders in ../messages/. */
export function breakGlassNotices(_context: NoticeContext): BreakGlassNotices {
  return {};
}
