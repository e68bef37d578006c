import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { formNotOpened, somethingWentWrong, usage } from '../../messages/error-messages.js';
import { workingOnIt } from '../../messages/requester-replies.js';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { handOff, signedRequestIn } from '../hand-off.js';
import { openRequestModal } from '../open-request-modal.js';

type CommandArgs = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'> & {
  context: Record<string, unknown>;
  client: Parameters<typeof openRequestModal>[1];
};

/**
 * `/bucket-key …`: answer help and bad input at once, open the request form for a bare `create`
 * (its trigger lasts 3 s), and hand everything else, signed, to the worker.
 */
export function bucketKeyCommand(ctx: ListenerContext) {
  return async ({ command, ack, context, client, respond }: CommandArgs): Promise<void> => {
    const { signed, seconds } = signedRequestIn(context);
    const intent = intentOf(command as unknown as Record<string, unknown>, seconds);
    if (intent.kind === 'answer') return ack(intent.message);
    if (intent.kind === 'modal') {
      await ack();
      if (!(await openRequestModal(ctx, client, intent.triggerId, command.user_id)))
        await respond({ ...formNotOpened(), response_type: 'ephemeral' });
      return;
    }
    if (intent.kind !== 'job') return ack(usage());
    const handedOff = await handOff(ctx, intent.job, signed);
    return ack(handedOff.ok ? workingOnIt() : somethingWentWrong(handedOff.ref));
  };
}

export function registerBucketKeyCommand(app: App, ctx: ListenerContext): void {
  app.command('/bucket-key', bucketKeyCommand(ctx));
}
