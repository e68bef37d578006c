import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** "Cancel" on the revoke confirmation: replaces it, changes nothing. */
export function registerRevokeCancelAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.revokeCancel);
}
