import type { SweepNotices } from '../../ports/notices/sweep-notices.js';
import type { NoticeContext } from './notice-context.js';

/** Sweep notices, worded with the builders in ../messages/. */
export function sweepNotices(_context: NoticeContext): SweepNotices {
  return {};
}
