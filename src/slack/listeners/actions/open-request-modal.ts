import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { signedRequestIn } from '../hand-off.js';
import { openRequestModal } from '../open-request-modal.js';

/** App Home's "Request a key": opens the request modal within the click's 3 seconds. */
export function registerOpenRequestModalAction(app: App, ctx: ListenerContext): void {
  app.action<BlockButtonAction>(ACTION.openRequestModal, async ({ ack, body, client, context }) => {
    await ack();
    const intent = intentOf(body as unknown as Record<string, unknown>, signedRequestIn(context).seconds);
    if (intent.kind === 'modal') await openRequestModal(ctx, client, intent.triggerId, body.user.id);
  });
}
