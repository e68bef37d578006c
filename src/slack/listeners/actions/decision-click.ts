import type { App, BlockButtonAction } from '@slack/bolt';
import { REQUEST_ID } from '../../../domain/request-id.js';
import type { Job } from '../../../ports/job-queue.js';
import { somethingWentWrong } from '../../messages/error-messages.js';
import type { ListenerContext } from '../context.js';
import { handOff } from '../hand-off.js';

/**
 * Shared shape of every button click: acknowledge at once, then hand the clicked request
 * and the verified clicking user to the worker. The button's value names the request only.
 */
export function registerRequestButton(
  app: App,
  ctx: ListenerContext,
  actionId: string,
  toJob: (userId: string, requestId: string, responseUrl: string) => Job,
): void {
  app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
    await ack();
    const requestId = action.value ?? '';
    if (!REQUEST_ID.test(requestId)) {
      ctx.logger.warn('button with a malformed request id ignored', { actionId, userId: body.user.id });
      return;
    }
    const handedOff = await handOff(ctx, toJob(body.user.id, requestId, body.response_url));
    if (!handedOff.ok)
      await respond({
        ...somethingWentWrong(handedOff.ref),
        response_type: 'ephemeral',
        replace_original: false,
      });
  });
}
