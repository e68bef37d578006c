import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** Approve on an approval card (channel or App Home). */
export function registerApproveAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.approve);
}
