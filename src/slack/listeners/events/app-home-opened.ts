import type { App } from '@slack/bolt';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { handOff, signedRequestIn } from '../hand-off.js';

/** Opening the Home tab: the worker publishes the user's view. */
export function registerAppHomeOpened(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ body, context }) => {
    const { signed, seconds } = signedRequestIn(context);
    const intent = intentOf(body as unknown as Record<string, unknown>, seconds);
    if (intent.kind === 'job') await handOff(ctx, intent.job, signed);
  });
}
