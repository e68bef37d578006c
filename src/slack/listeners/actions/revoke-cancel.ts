import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import { revokeCancelled } from '../../messages/revoke-messages.js';

/** "Cancel" on the revoke confirmation: replaces it, changes nothing. */
export function registerRevokeCancelAction(app: App): void {
  app.action<BlockButtonAction>(ACTION.revokeCancel, async ({ ack, respond }) => {
    await ack();
    await respond({ ...revokeCancelled(), response_type: 'ephemeral', replace_original: true });
  });
}
