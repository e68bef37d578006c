import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { somethingWentWrong, usage } from '../../messages/error-messages.js';
import { workingOnIt } from '../../messages/requester-replies.js';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { handOff, signedRequestIn } from '../hand-off.js';

type CommandArgs = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack'> & { context: Record<string, unknown> };

/** `/bucket-key …`: answer help and bad input at once; hand everything else, signed, to the worker. */
export function bucketKeyCommand(ctx: ListenerContext) {
  return async ({ command, ack, context }: CommandArgs): Promise<void> => {
    const { signed, seconds } = signedRequestIn(context);
    const intent = intentOf(command as unknown as Record<string, unknown>, seconds);
    if (intent.kind === 'answer') return ack(intent.message);
    if (intent.kind === 'none') return ack(usage());
    const handedOff = await handOff(ctx, intent.job, signed);
    return ack(handedOff.ok ? workingOnIt() : somethingWentWrong(handedOff.ref));
  };
}

export function registerBucketKeyCommand(app: App, ctx: ListenerContext): void {
  app.command('/bucket-key', bucketKeyCommand(ctx));
}
