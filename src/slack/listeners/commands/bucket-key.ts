import type { App } from '@slack/bolt';
import { type Command, parseCommand } from '../../../domain/command.js';
import { InvalidCommandError } from '../../../domain/errors.js';
import type { Job } from '../../../ports/job-queue.js';
import { somethingWentWrong, usage } from '../../messages/error-messages.js';
import { workingOnIt } from '../../messages/requester-replies.js';
import type { ListenerContext } from '../context.js';
import { handOff } from '../hand-off.js';

/** `/bucket-key …`: parse, answer bad input at once, hand everything else to the worker. */
export function registerBucketKeyCommand(app: App, ctx: ListenerContext): void {
  app.command('/bucket-key', async ({ command, ack }) => {
    let parsed: Command;
    try {
      parsed = parseCommand(command.text ?? '');
    } catch (error) {
      if (!(error instanceof InvalidCommandError)) throw error;
      return ack(usage(error.message));
    }
    const job = jobFor(parsed, command.user_id, command.response_url);
    if (!job) return ack(usage());
    const handedOff = await handOff(ctx, job);
    return ack(handedOff.ok ? workingOnIt() : somethingWentWrong(handedOff.ref));
  });
}

function jobFor(command: Command, userId: string, responseUrl: string): Job | undefined {
  switch (command.name) {
    case 'create':
      return { kind: 'create', userId, bucket: command.bucket, reason: command.reason, responseUrl };
    default:
      return undefined;
  }
}
