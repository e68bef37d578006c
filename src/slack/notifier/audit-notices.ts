import type { AuditNotices } from '../../ports/notices/audit-notices.js';
import type { NoticeContext } from './notice-context.js';

/** Audit notices, worded with the builders in ../messages/. */
export function auditNotices(_context: NoticeContext): AuditNotices {
  return {};
}
