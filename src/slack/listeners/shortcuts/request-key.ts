import type { App, GlobalShortcut } from '@slack/bolt';
import { SHORTCUT } from '../../messages/ids.js';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { signedRequestIn } from '../hand-off.js';
import { openRequestModal } from '../open-request-modal.js';

/** The global shortcut "Request a key" (⚡ menu): opens the request modal at once. */
export function registerRequestKeyShortcut(app: App, ctx: ListenerContext): void {
  app.shortcut<GlobalShortcut>(SHORTCUT.requestKey, async ({ ack, body, client, context }) => {
    await ack();
    const intent = intentOf(body as unknown as Record<string, unknown>, signedRequestIn(context).seconds);
    if (intent.kind === 'modal') await openRequestModal(ctx, client, intent.triggerId, body.user.id);
  });
}
