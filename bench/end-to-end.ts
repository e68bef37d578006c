import { createWebClient } from '../src/adapters/slack/create-web-client.js';
import { grantFromApproval } from '../src/domain/grant.js';
import { requestIdFor } from '../src/domain/request-id.js';
import { sendSigned, slashCommandBody } from '../src/sandbox/slack/signed-request.js';
import { secretMessage } from '../src/slack/messages/key-messages.js';
import { seedApproval } from './seed.js';
import { addUsers, startBenchStack } from './stack.js';
import { median, timed } from './stats.js';

export interface EndToEnd {
  medianMs: number;
  /** The sum of the seven round trips below (the grant and the DM lookup left out), each timed alone. */
  unavoidableMs: number;
  /**
   * The round trips the flow cannot avoid, in the order it must make them: what runs side by side
   * counts once, as its slowest (the approval's read with the key listing; the key's create with the
   * grant's write and the DM lookup).
   */
  criticalPathMs: number;
  parts: Record<string, number>;
}

/** The critical path through the medians of the round trips. */
export function criticalPath(parts: Record<string, number>): number {
  const p = (name: string) => parts[name] ?? 0;
  return (
    p('slackRequest') +
    Math.max(p('readApproval'), p('listKeys')) +
    p('claim') +
    Math.max(p('createKey'), p('openGrant'), p('findDm')) +
    p('recordKey') +
    p('postEphemeral')
  );
}

/** The seven round trips the sum has always counted. */
const SUMMED = [
  'slackRequest',
  'readApproval',
  'claim',
  'listKeys',
  'createKey',
  'recordKey',
  'postEphemeral',
];

/** Untimed creates before the timed ones. */
const WARM_UP_CREATES = 10;

/**
 * From a requester's `create` with an approval on record to the ephemeral DM arriving at the Slack
 * stand-in, against the sum of the round trips the flow cannot avoid, each timed alone on the same stand-ins.
 */
export async function measureEndToEnd(count: number): Promise<EndToEnd> {
  const b = await startBenchStack();
  const { stack, bot } = b;
  // The first creates of a fresh process compile its code paths; the round trips below are timed
  // warm, so the flow's samples are too.
  const warmUp = WARM_UP_CREATES;
  const users = Array.from({ length: warmUp + count }, (_, i) => `UE2E${String(i).padStart(6, '0')}`);
  addUsers(stack, users);
  for (const [i, user] of users.entries()) {
    stack.lightsail.state.addBucket(`e2e-bucket-${i}`);
    await seedApproval(b.deps, user, `e2e-bucket-${i}`);
  }
  const samples: number[] = [];
  for (const [i, user] of users.entries()) {
    const arrived = new Promise<number>((resolve) => {
      stack.slack.onMessage = (m) => {
        if (m.via === 'chat.postEphemeral' && m.visibleTo === user) resolve(performance.now());
      };
    });
    const started = performance.now();
    await b.command(user, `create e2e-bucket-${i}`);
    if (i >= warmUp) samples.push((await arrived) - started);
    else await arrived;
    await bot.idle();
  }
  stack.slack.onMessage = undefined;

  // The unavoidable round trips, each measured alone on the same stand-ins with the same clients,
  // acting on records like the flow's: an approval on record, read, claimed and given its key.
  const web = createWebClient(String(stack.env.SLACK_BOT_TOKEN), stack.slack.apiUrl);
  const store = b.deps.requests;
  const parts: Record<string, number[]> = {
    slackRequest: [],
    readApproval: [],
    claim: [],
    listKeys: [],
    createKey: [],
    openGrant: [],
    findDm: [],
    recordKey: [],
    postEphemeral: [],
  };
  const rawUsers = users.slice(warmUp).map((user) => `UR${user.slice(2)}`);
  addUsers(stack, rawUsers);
  for (const [i, user] of rawUsers.entries()) {
    const bucket = `raw-bucket-${i}`;
    stack.lightsail.state.addBucket(bucket);
    await seedApproval(b.deps, user, bucket);
    const requestId = requestIdFor(user, bucket, 1);
    const body = slashCommandBody({
      text: 'help',
      userId: user,
      channelId: 'D1',
      responseUrl: 'http://127.0.0.1:9/r',
    });
    parts.slackRequest?.push(
      await timed(() => sendSigned(`${bot.url}/slack/events`, String(stack.env.SLACK_SIGNING_SECRET), body)),
    );
    parts.readApproval?.push(await timed(() => store.get(requestId)));
    let keysBeforeCreate: string[] = [];
    parts.listKeys?.push(
      await timed(async () => {
        keysBeforeCreate = (await b.deps.keys.listKeys(bucket, 'us-east-1')).map((key) => key.accessKeyId);
      }),
    );
    const now = new Date();
    const token = `bench-${i}`;
    const due = new Date(now.getTime() + 300_000).toISOString();
    parts.claim?.push(
      await timed(() =>
        store.claim(requestId, user, { token, at: now.toISOString(), dueAt: due, keysBeforeCreate }),
      ),
    );
    const claimed = await store.get(requestId);
    if (!claimed) throw new Error(`the raw flow lost ${requestId}`);
    parts.openGrant?.push(await timed(() => b.deps.grants.open(grantFromApproval(claimed, now, undefined))));
    parts.findDm?.push(await timed(() => web.conversations.open({ users: user })));
    let accessKeyId = '';
    parts.createKey?.push(
      await timed(async () => {
        accessKeyId = (await b.deps.keys.createKey(bucket, 'us-east-1')).accessKeyId;
      }),
    );
    parts.recordKey?.push(await timed(() => store.recordKey(requestId, token, accessKeyId)));
    // The message the flow sends: the secret's blocks, which Slack (the stand-in) checks.
    const message = secretMessage({
      bucket,
      region: 'us-east-1',
      endpoint: b.deps.keys.endpointFor('us-east-1'),
      accessKeyId,
      secretAccessKey: 'bench-secret-access-key-0000000000000000',
    });
    parts.postEphemeral?.push(
      await timed(() => web.chat.postEphemeral({ channel: `D${user.slice(1)}`, user, ...message })),
    );
  }
  await b.stop();
  const medians = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)]));
  return {
    medianMs: median(samples),
    unavoidableMs: SUMMED.reduce((sum, name) => sum + (medians[name] ?? 0), 0),
    criticalPathMs: criticalPath(medians),
    parts: medians,
  };
}
