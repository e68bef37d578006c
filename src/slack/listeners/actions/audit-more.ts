import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/** "More" under an audit page: the next page; the clicker's right to read the log is checked again. */
export function registerAuditMoreAction(app: App, ctx: ListenerContext): void {
  registerClick(app, ctx, ACTION.auditMore);
}
