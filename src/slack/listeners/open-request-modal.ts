import type { WebClient } from '@slack/web-api';
import { requestModal } from '../messages/request-modal.js';
import type { ListenerContext } from './context.js';

/**
 * Opens the request modal. Called in the http function itself, before anything is handed off: a
 * trigger_id is good for 3 seconds. False (and logged) when Slack refused, e.g. `expired_trigger_id`.
 */
export async function openRequestModal(
  ctx: ListenerContext,
  client: WebClient,
  triggerId: string,
  userId: string,
): Promise<boolean> {
  try {
    await client.views.open({ trigger_id: triggerId, view: requestModal() });
    return true;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).name;
    ctx.logger.warn('request form not opened', { userId, code });
    return false;
  }
}
