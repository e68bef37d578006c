import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** Deny on an approval card (channel or App Home). */
export function registerDenyAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.deny);
}
