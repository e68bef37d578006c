import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** "Revoke key" on the confirmation: who may revoke is decided by the worker, from the verified user. */
export function registerRevokeConfirmAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.revokeConfirm);
}
