import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { BUCKET_NAME } from '../../../domain/bucket-name.js';
import { MAX_AUDIT_LIMIT } from '../../../domain/command.js';
import { REQUEST_ID } from '../../../domain/request-id.js';
import type { AuditRequest } from '../../../ports/job-queue.js';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { handOff } from '../hand-off.js';

/** The "More" button's value, as we wrote it; anything else is ignored. */
const pageRequest = z
  .object({
    subject: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('bucket'), bucket: z.string().regex(BUCKET_NAME) }),
      z.object({ kind: z.literal('user'), userId: z.string().regex(/^[UW][A-Z0-9]{2,20}$/) }),
      z.object({ kind: z.literal('request'), requestId: z.string().regex(REQUEST_ID) }),
    ]),
    since: z.iso.datetime().optional(),
    pageSize: z.number().int().min(1).max(MAX_AUDIT_LIMIT),
    cursor: z.string().max(1500),
  })
  .strict();

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
