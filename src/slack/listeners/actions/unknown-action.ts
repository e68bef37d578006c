import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';

const KNOWN = Object.values(ACTION).join('|');

/**
 * Any other action id (a button from an older version of a message, or a forged one) is
 * acknowledged at once and ignored, instead of leaving Slack waiting until it shows an error.
 */
export function registerUnknownAction(app: App, ctx: ListenerContext): void {
  app.action({ action_id: new RegExp(`^(?!(?:${KNOWN})$)`) }, async ({ ack, body }) => {
    await ack();
    ctx.logger.warn('unknown action ignored', { userId: body.user?.id });
  });
}
