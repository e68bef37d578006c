import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** "Create key now" in the requester's DM: the click proves they are in Slack right now. */
export function registerCreateKeyNowAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.createKeyNow);
}
