import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { handOff } from '../hand-off.js';

/** Opening the Home tab: the worker publishes the user's view. */
export function registerAppHomeOpened(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await handOff(ctx, { kind: 'home', userId: event.user });
  });
}
