import type { Notifier } from '../../ports/notifier.js';
import { auditNotices } from './audit-notices.js';
import { breakGlassNotices } from './break-glass-notices.js';
import { homeNotices } from './home-notices.js';
import { keyNotices } from './key-notices.js';
import type { NoticeContext } from './notice-context.js';
import { policyNotices } from './policy-notices.js';
import { requestNotices } from './request-notices.js';
import { reviewNotices } from './review-notices.js';
import { sweepNotices } from './sweep-notices.js';

/** The Notifier port in Slack's words: every group of notices over one Messenger. */
export function slackNotifier(context: NoticeContext): Notifier {
  return {
    ...requestNotices(context),
    ...keyNotices(context),
    ...breakGlassNotices(context),
    ...sweepNotices(context),
    ...auditNotices(context),
    ...homeNotices(context),
    ...policyNotices(context),
    ...reviewNotices(context),
  };
}
