import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** "Rotate now" on an expiry or idle warning: the same as `/bucket-key rotate`. */
export function registerRotateNowAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.rotateNow);
}
