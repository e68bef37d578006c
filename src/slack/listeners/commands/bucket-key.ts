import type { App } from '@slack/bolt';
import { formNotOpened, somethingWentWrong, usage } from '../../messages/error-messages.js';
import { workingOnIt } from '../../messages/requester-replies.js';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { handOff, signedRequestIn } from '../hand-off.js';
import { openRequestModal } from '../open-request-modal.js';

/** `/bucket-key …`: answer help and bad input at once; hand everything else, signed, to the worker. */
export function registerBucketKeyCommand(app: App, ctx: ListenerContext): void {
  app.command('/bucket-key', async ({ command, ack, context, client, respond }) => {
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
  });
}
