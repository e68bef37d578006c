import type { App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { somethingWentWrong } from '../../messages/error-messages.js';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { handOff, signedRequestIn } from '../hand-off.js';

/**
 * The shape of every button: acknowledge at once, then read the click as the worker will (intentOf),
 * and hand it off with the signed request. A button's value only names what was clicked; who clicked
 * comes from the verified payload, and what they may do is decided by the worker.
 */
export function registerClick(app: App, ctx: ListenerContext, actionId: string): void {
  app.action<BlockButtonAction>(actionId, clickHandler(ctx, actionId));
}

type ClickArgs = Pick<SlackActionMiddlewareArgs<BlockButtonAction>, 'ack' | 'body' | 'respond'> & {
  context: Record<string, unknown>;
};

/** The listener for one button, apart from its registration so its ack paths can be called directly. */
export function clickHandler(ctx: ListenerContext, actionId: string) {
  return async ({ ack, body, respond, context }: ClickArgs): Promise<void> => {
    await ack();
    const { signed, seconds } = signedRequestIn(context);
    const intent = intentOf(body as unknown as Record<string, unknown>, seconds);
    if (intent.kind !== 'job' && intent.kind !== 'answer') {
      ctx.logger.warn(`${intent.kind === 'none' ? intent.why : 'not a click'}; ignored`, {
        actionId,
        userId: body.user.id,
      });
      return;
    }
    if (intent.kind === 'answer') {
      await respond({ ...intent.message, response_type: 'ephemeral', replace_original: true });
      return;
    }
    const handedOff = await handOff(ctx, intent.job, signed);
    if (!handedOff.ok && body.response_url)
      await respond({
        ...somethingWentWrong(handedOff.ref),
        response_type: 'ephemeral',
        replace_original: false,
      });
  };
}
