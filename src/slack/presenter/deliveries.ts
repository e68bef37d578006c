import type { SlackMessage } from '../../ports/messenger.js';

/**
 * One message a presenter wants sent: to where the job came from (the command's or click's
 * response_url, or the person's DM for App Home), or to someone's DM. The one replace-or-post
 * decision for each outcome is made here, in the presenter, never in a use case.
 */
export interface Delivery {
  to: 'origin' | { userId: string };
  message: SlackMessage;
  /** Replace the message the command or click came from (its acknowledgement, or the clicked one). */
  replaceOriginal?: boolean;
}

/** What a presenter made of an outcome: the messages, and whether App Home must be drawn again. */
export interface Presentation {
  deliveries: Delivery[];
  /** A click in App Home changed what the tab shows. */
  refreshHome?: boolean;
}
