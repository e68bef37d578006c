import type { App, BlockButtonAction } from '@slack/bolt';
import { parseCommand } from '../../../domain/command.js';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { handOff } from '../hand-off.js';

/** "Revoke key" on the confirmation: who may revoke is decided by the worker, from the verified user. */
export function registerRevokeConfirmAction(app: App, ctx: ListenerContext): void {
  app.action<BlockButtonAction>(ACTION.revokeConfirm, async ({ ack, body, action }) => {
    await ack();
    let parsed: ReturnType<typeof parseCommand>;
    try {
      parsed = parseCommand(`revoke ${action.value ?? ''}`);
    } catch {
      parsed = { name: 'help' };
    }
    if (parsed.name !== 'revoke') {
      ctx.logger.warn('revoke button with a malformed value ignored', { userId: body.user.id });
      return;
    }
    await handOff(ctx, {
      kind: 'revoke',
      userId: body.user.id,
      bucket: parsed.bucket,
      accessKeyId: parsed.accessKeyId,
      responseUrl: body.response_url,
    });
  });
}
