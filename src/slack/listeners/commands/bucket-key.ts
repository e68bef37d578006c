import type { App } from '@slack/bolt';
import { type Command, DEFAULT_AUDIT_PAGE, parseCommand } from '../../../domain/command.js';
import { InvalidCommandError } from '../../../domain/errors.js';
import type { Job } from '../../../ports/job-queue.js';
import { somethingWentWrong, usage } from '../../messages/error-messages.js';
import { workingOnIt } from '../../messages/requester-replies.js';
import { confirmRevoke } from '../../messages/revoke-messages.js';
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
    if (parsed.name === 'help') return ack(usage());
    // Revoking asks first; the confirmation button starts the job.
    if (parsed.name === 'revoke') return ack(confirmRevoke(parsed.bucket, parsed.accessKeyId));
    const job = jobFor(parsed, command.user_id, command.response_url, new Date());
    const handedOff = await handOff(ctx, job);
    return ack(handedOff.ok ? workingOnIt() : somethingWentWrong(handedOff.ref));
  });
}

type HandedOff = Exclude<Command, { name: 'help' } | { name: 'revoke' }>;

function jobFor(command: HandedOff, userId: string, responseUrl: string, now: Date): Job {
  switch (command.name) {
    case 'create':
      return { kind: 'create', userId, bucket: command.bucket, reason: command.reason, responseUrl };
    case 'list':
      return { kind: 'list', userId, bucket: command.bucket, responseUrl };
    case 'status':
      return { kind: 'status', userId, responseUrl };
    case 'audit':
      return {
        kind: 'audit',
        userId,
        responseUrl,
        query: {
          subject: command.subject,
          pageSize: command.limit ?? DEFAULT_AUDIT_PAGE,
          ...(command.sinceMs ? { since: new Date(now.getTime() - command.sinceMs).toISOString() } : {}),
        },
      };
  }
}
