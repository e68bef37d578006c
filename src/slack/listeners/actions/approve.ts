import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerRequestButton } from './decision-click.js';

export function registerApproveAction(app: App, ctx: ListenerContext): void {
  registerRequestButton(app, ctx, ACTION.approve, (userId, requestId, responseUrl) => ({
    kind: 'decide',
    approve: true,
    userId,
    requestId,
    responseUrl,
  }));
}
