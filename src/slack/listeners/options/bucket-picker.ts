import type { App } from '@slack/bolt';
import { FORM_INPUT } from '../../messages/ids.js';
import { bucketOptions } from '../../messages/request-modal.js';
import type { ListenerContext } from '../context.js';

/**
 * The request modal's bucket picker (block_suggestion): answered here, within Slack's 3 seconds, from
 * the cached bucket catalog. Nothing is handed off.
 */
export function registerBucketPickerOptions(app: App, ctx: ListenerContext): void {
  app.options<'block_suggestion'>({ action_id: FORM_INPUT.bucketPicker }, async ({ ack, body }) => {
    const query = typeof body.value === 'string' ? body.value : '';
    try {
      await ack(bucketOptions(await ctx.catalog.read(), query) as Parameters<typeof ack>[0]);
    } catch (error) {
      ctx.logger.warn('bucket catalog unreadable; no options', { error: (error as Error).message });
      await ack({ options: [] });
    }
  });
}
