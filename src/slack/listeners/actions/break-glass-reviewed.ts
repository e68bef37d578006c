import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** Reviewed on a break-glass alert (approvers only, never the requester). */
export function registerBreakGlassReviewedAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.breakGlassReviewed);
}
