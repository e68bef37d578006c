import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** Revoke now on a break-glass alert: deletes the key and marks the break-glass reviewed. */
export function registerBreakGlassRevokeAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.breakGlassRevoke);
}
