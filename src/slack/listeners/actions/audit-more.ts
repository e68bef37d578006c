import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import type { AuditRequest } from '../../../ports/job-queue.js';
import { auditRequestSchema } from '../../../ports/job-schema.js';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { handOff } from '../hand-off.js';

/** The "More" button's value, as we wrote it (a cursor is required); anything else is ignored. */
const pageRequest = auditRequestSchema.extend({ cursor: z.string().min(1).max(1500) }).strict();

/** Next page of an audit lookup; the clicker's right to read the log is checked again by the worker. */
export function registerAuditMoreAction(app: App, ctx: ListenerContext): void {
  app.action<BlockButtonAction>(ACTION.auditMore, async ({ ack, body, action }) => {
    await ack();
    let query: AuditRequest;
    try {
      query = pageRequest.parse(JSON.parse(action.value ?? '')) as AuditRequest;
    } catch {
      ctx.logger.warn('audit page button with a malformed value ignored', { userId: body.user.id });
      return;
    }
    await handOff(ctx, { kind: 'audit', userId: body.user.id, query, responseUrl: body.response_url });
  });
}
