import type { App } from '@slack/bolt';
import { VIEW } from '../../messages/ids.js';
import { checkAgainstCatalog } from '../../messages/request-modal.js';
import { intentOf } from '../../signed-jobs/job-from-slack.js';
import type { ListenerContext } from '../context.js';
import { handOff, signedRequestIn } from '../hand-off.js';

/**
 * The request modal's submission: checked here as the command is (shape, then the catalog of
 * requestable buckets), answered with `response_action: errors` on the field at fault, or the modal is
 * closed and the create job handed off. The worker derives the same job from the signed request and
 * applies the policy once more, so a tampered submission is refused twice over.
 */
export function registerRequestKeySubmitted(app: App, ctx: ListenerContext): void {
  app.view(VIEW.requestKey, async ({ ack, body, context }) => {
    const { signed, seconds } = signedRequestIn(context);
    const intent = intentOf(body as unknown as Record<string, unknown>, seconds);
    if (intent.kind === 'invalid') return ack({ response_action: 'errors', errors: intent.errors });
    if (intent.kind !== 'job' || intent.job.kind !== 'create') return ack();
    let errors: ReturnType<typeof checkAgainstCatalog>;
    try {
      errors = checkAgainstCatalog(await ctx.catalog.read(), intent.job);
    } catch (error) {
      // The worker checks against the policy anyway; an unreadable catalog only loses the early answer.
      ctx.logger.warn('bucket catalog unreadable; submission left to the worker', {
        error: (error as Error).message,
      });
    }
    if (errors) return ack({ response_action: 'errors', errors });
    const handedOff = await handOff(ctx, intent.job, signed);
    if (!handedOff.ok)
      return ack({
        response_action: 'errors',
        errors: { bucket: `Something went wrong (reference ${handedOff.ref}). Try again.` },
      });
    return ack({ response_action: 'clear' });
  });
}
