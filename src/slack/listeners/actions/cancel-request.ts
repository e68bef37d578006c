import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** App Home's "Cancel request": the worker withdraws the requester's own pending request. */
export function registerCancelRequestAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.cancelRequest);
}
