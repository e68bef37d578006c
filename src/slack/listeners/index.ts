import type { App } from '@slack/bolt';
import { registerApproveAction } from './actions/approve.js';
import { registerAuditMoreAction } from './actions/audit-more.js';
import { registerBreakGlassReviewedAction } from './actions/break-glass-reviewed.js';
import { registerBreakGlassRevokeAction } from './actions/break-glass-revoke.js';
import { registerCancelRequestAction } from './actions/cancel-request.js';
import { registerCreateKeyNowAction } from './actions/create-key-now.js';
import { registerDenyAction } from './actions/deny.js';
import { registerOpenRequestModalAction } from './actions/open-request-modal.js';
import { registerRevokeCancelAction } from './actions/revoke-cancel.js';
import { registerRevokeConfirmAction } from './actions/revoke-confirm.js';
import { registerRevokeNowAction } from './actions/revoke-now.js';
import { registerRotateNowAction } from './actions/rotate-now.js';
import { registerUnknownAction } from './actions/unknown-action.js';
import { registerBucketKeyCommand } from './commands/bucket-key.js';
import type { ListenerContext } from './context.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerBucketPickerOptions } from './options/bucket-picker.js';
import { registerRequestKeyShortcut } from './shortcuts/request-key.js';
import { registerRequestKeySubmitted } from './views/request-key-submitted.js';

/** One listener per file; this is the whole list. */
export function registerListeners(app: App, ctx: ListenerContext): void {
  registerBucketKeyCommand(app, ctx);
  registerApproveAction(app, ctx);
  registerDenyAction(app, ctx);
  registerCreateKeyNowAction(app, ctx);
  registerAuditMoreAction(app, ctx);
  registerRevokeConfirmAction(app, ctx);
  registerRevokeCancelAction(app, ctx);
  registerRevokeNowAction(app, ctx);
  registerRotateNowAction(app, ctx);
  registerBreakGlassReviewedAction(app, ctx);
  registerBreakGlassRevokeAction(app, ctx);
  registerOpenRequestModalAction(app, ctx);
  registerCancelRequestAction(app, ctx);
  registerUnknownAction(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerRequestKeyShortcut(app, ctx);
  registerBucketPickerOptions(app, ctx);
  registerRequestKeySubmitted(app, ctx);
}
