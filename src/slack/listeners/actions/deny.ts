import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerRequestButton } from './decision-click.js';

export function registerDenyAction(app: App, ctx: ListenerContext): void {
  registerRequestButton(app, ctx, ACTION.deny, (userId, requestId, responseUrl) => ({
    kind: 'decide',
    approve: false,
    userId,
    requestId,
    responseUrl,
  }));
}
