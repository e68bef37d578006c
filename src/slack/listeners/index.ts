import type { App } from '@slack/bolt';
import { registerHandedOffClicks } from './actions/handed-off-clicks.js';
import { registerOpenRequestModalAction } from './actions/open-request-modal.js';
import { registerUnknownAction } from './actions/unknown-action.js';
import { registerBucketKeyCommand } from './commands/bucket-key.js';
import type { ListenerContext } from './context.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerBucketPickerOptions } from './options/bucket-picker.js';
import { registerRequestKeyShortcut } from './shortcuts/request-key.js';
import { registerRequestKeySubmitted } from './views/request-key-submitted.js';

/** One listener per file, and one table for the buttons that only hand off; this is the whole list. */
export function registerListeners(app: App, ctx: ListenerContext): void {
  registerBucketKeyCommand(app, ctx);
  registerHandedOffClicks(app, ctx);
  registerOpenRequestModalAction(app, ctx);
  registerUnknownAction(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerRequestKeyShortcut(app, ctx);
  registerBucketPickerOptions(app, ctx);
  registerRequestKeySubmitted(app, ctx);
}
