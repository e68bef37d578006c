import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** "Revoke" on the secret's message, App Home or a warning, after Slack's confirmation dialog. */
export function registerRevokeNowAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.revokeNow);
}
