import { blockActionBody, sendSigned } from '../src/sandbox/slack/signed-request.js';
import { ACTION } from '../src/slack/messages/ids.js';
import { addUsers, startBenchStack } from './stack.js';
import { percentile, timed } from './stats.js';

export interface AckLatency {
  commandP50Ms: number;
  commandP99Ms: number;
  clickP50Ms: number;
  clickP99Ms: number;
}

/** Untimed requests of each kind first: the first ones a fresh server answers compile its code paths. */
const WARM_UP_REQUESTS = 5;

/**
 * Time from sending a signed request to the bot's HTTP answer, for `create` commands and Approve
 * clicks, on a warm server (its cold start is measured on its own). The worker's jobs are let finish
 * between requests, so each sample is the ack path alone.
 */
export async function measureAckLatency(count: number): Promise<AckLatency> {
  const b = await startBenchStack();
  const total = WARM_UP_REQUESTS + count;
  const users = Array.from({ length: total }, (_, i) => `UACK${String(i).padStart(6, '0')}`);
  addUsers(b.stack, users);
  const command: number[] = [];
  for (const user of users) {
    command.push(await timed(() => b.command(user, 'create media-assets latency sample')));
    await b.bot.idle();
  }
  command.splice(0, WARM_UP_REQUESTS);
  const cards = b.stack.slack.messages.filter((m) => m.channel === 'CAPPROVALS');
  if (cards.length !== total) throw new Error(`expected ${total} approval cards, found ${cards.length}`);
  const click: number[] = [];
  for (const card of cards) {
    const value = card.blocks
      ?.flatMap((block) => block.elements ?? [])
      .find((e) => e.action_id === ACTION.approve)?.value;
    const responseUrl = b.stack.slack.newResponseUrl('UAPPROVER1', card.channel, card);
    const body = blockActionBody({
      userId: 'UAPPROVER1',
      actionId: ACTION.approve,
      value,
      in: { channelId: card.channel, messageTs: card.ts, responseUrl },
    });
    click.push(
      await timed(() =>
        sendSigned(`${b.bot.url}/slack/events`, String(b.stack.env.SLACK_SIGNING_SECRET), body),
      ),
    );
    await b.bot.idle();
  }
  click.splice(0, WARM_UP_REQUESTS);
  await b.stop();
  if (b.errors.length) throw new Error(`errors during the ack benchmark: ${b.errors.slice(0, 3).join('; ')}`);
  return {
    commandP50Ms: percentile(command, 50),
    commandP99Ms: percentile(command, 99),
    clickP50Ms: percentile(click, 50),
    clickP99Ms: percentile(click, 99),
  };
}
