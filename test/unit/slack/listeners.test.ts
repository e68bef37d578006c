import { describe, expect, it } from 'vitest';
import type { Job, JobQueue, SignedSlackRequest } from '../../../src/ports/job-queue.js';
import { blockActionBody } from '../../../src/sandbox/slack/signed-request.js';
import { clickHandler } from '../../../src/slack/listeners/actions/click.js';
import { bucketKeyCommand } from '../../../src/slack/listeners/commands/bucket-key.js';
import type { ListenerContext } from '../../../src/slack/listeners/context.js';
import { ACTION } from '../../../src/slack/messages/ids.js';
import { captureLogger } from '../../support/harness.js';

const SIGNED: SignedSlackRequest = {
  body: 'the raw body',
  signature: 'v0=abc',
  timestamp: String(Math.floor(Date.parse('2026-11-29T12:00:00Z') / 1000)),
  contentType: 'application/x-www-form-urlencoded',
};

/** A queue that records what it is handed, or refuses everything. */
function recordingContext(options: { failing?: boolean } = {}) {
  const handed: Array<{ job: Job; signed: SignedSlackRequest | undefined }> = [];
  const logs: string[] = [];
  const jobs: JobQueue = {
    async enqueue(job, signed) {
      if (options.failing) throw new Error('Invoke refused');
      handed.push({ job, signed });
    },
  };
  const ctx: ListenerContext = {
    jobs,
    logger: captureLogger(logs),
    catalog: { read: async () => undefined },
  };
  return { ctx, handed, logs };
}

/** Records what the listener acknowledged with, and what it said through response_url. */
function recorder() {
  const acks: unknown[] = [];
  const responses: unknown[] = [];
  return {
    acks,
    responses,
    ack: async (answer?: unknown) => {
      acks.push(answer);
    },
    respond: async (message: unknown) => {
      responses.push(message);
    },
  };
}

function slashCommand(text: string) {
  return {
    command: '/bucket-key',
    text,
    user_id: 'UREQUESTER',
    response_url: 'https://hooks.slack.com/commands/T1/1/x',
  } as never;
}

describe('the /bucket-key listener', () => {
  it('answers help at once and hands nothing off', async () => {
    const { ctx, handed } = recordingContext();
    const r = recorder();

    await bucketKeyCommand(ctx)({
      command: slashCommand('help'),
      ack: r.ack as never,
      respond: r.respond as never,
      client: {} as never,
      context: { slackRequest: SIGNED },
    });

    expect(JSON.stringify(r.acks)).toContain('/bucket-key create');
    expect(handed).toEqual([]);
  });

  it('answers bad input with the problem and the usage, and hands nothing off', async () => {
    const { ctx, handed } = recordingContext();
    const r = recorder();

    await bucketKeyCommand(ctx)({
      command: slashCommand('create Not_A_Bucket'),
      ack: r.ack as never,
      respond: r.respond as never,
      client: {} as never,
      context: {},
    });

    expect(JSON.stringify(r.acks)).toContain('is not a valid Lightsail bucket name');
    expect(handed).toEqual([]);
  });

  it('hands a create off with the signed request it came from, then says it is working', async () => {
    const { ctx, handed } = recordingContext();
    const r = recorder();

    await bucketKeyCommand(ctx)({
      command: slashCommand('create media-assets backups'),
      ack: r.ack as never,
      respond: r.respond as never,
      client: {} as never,
      context: { slackRequest: SIGNED },
    });

    expect(handed).toEqual([
      {
        job: {
          kind: 'create',
          userId: 'UREQUESTER',
          bucket: 'media-assets',
          reason: 'backups',
          responseUrl: 'https://hooks.slack.com/commands/T1/1/x',
        },
        signed: SIGNED,
      },
    ]);
    expect(JSON.stringify(r.acks)).toContain('Working on it');
  });

  it('measures --since from the signed timestamp, as the worker will', async () => {
    const { ctx, handed } = recordingContext();
    const r = recorder();

    await bucketKeyCommand(ctx)({
      command: slashCommand('audit media-assets --since 1d'),
      ack: r.ack as never,
      respond: r.respond as never,
      client: {} as never,
      context: { slackRequest: SIGNED },
    });

    expect(handed[0]?.job).toMatchObject({ kind: 'audit', query: { since: '2026-11-28T12:00:00.000Z' } });
  });

  it('acknowledges with a reference, never a stack, when the hand-off fails', async () => {
    const { ctx, logs } = recordingContext({ failing: true });
    const r = recorder();

    await bucketKeyCommand(ctx)({
      command: slashCommand('status'),
      ack: r.ack as never,
      respond: r.respond as never,
      client: {} as never,
      context: {},
    });

    const ref = /Reference `([0-9a-f]{8})`/.exec(JSON.stringify(r.acks))?.[1];
    expect(ref).toBeDefined();
    expect(JSON.stringify(r.acks)).not.toContain('Invoke refused');
    expect(logs.join('\n')).toContain(ref);
  });
});

describe('a button listener', () => {
  function click(actionId: string, value: string) {
    const form = new URLSearchParams(
      blockActionBody({
        userId: 'UAPPROVER1',
        actionId,
        value,
        in: {
          channelId: 'CAPPROVALS',
          messageTs: '1.1',
          responseUrl: 'https://hooks.slack.com/actions/T1/1/y',
        },
      }),
    );
    return JSON.parse(form.get('payload') ?? '{}');
  }

  it('acknowledges, then hands the decision off naming the verified clicker', async () => {
    const { ctx, handed } = recordingContext();
    const r = recorder();

    await clickHandler(
      ctx,
      ACTION.approve,
    )({
      ack: r.ack as never,
      respond: r.respond as never,
      body: click(ACTION.approve, 'REQ-ABCDEFGH-1'),
      context: { slackRequest: SIGNED },
    });

    expect(r.acks).toEqual([undefined]);
    expect(handed[0]).toEqual({
      job: {
        kind: 'decide',
        userId: 'UAPPROVER1',
        requestId: 'REQ-ABCDEFGH-1',
        approve: true,
        responseUrl: 'https://hooks.slack.com/actions/T1/1/y',
      },
      signed: SIGNED,
    });
  });

  it('acknowledges and ignores a button whose value is not a request id', async () => {
    const { ctx, handed, logs } = recordingContext();
    const r = recorder();

    await clickHandler(
      ctx,
      ACTION.deny,
    )({
      ack: r.ack as never,
      respond: r.respond as never,
      body: click(ACTION.deny, 'REQ-<script>'),
      context: {},
    });

    expect(r.acks).toHaveLength(1);
    expect(handed).toEqual([]);
    expect(r.responses).toEqual([]);
    expect(logs.join('\n')).toContain('malformed request id');
  });

  it('answers Cancel on a revoke confirmation in place, and hands nothing off', async () => {
    const { ctx, handed } = recordingContext();
    const r = recorder();

    await clickHandler(
      ctx,
      ACTION.revokeCancel,
    )({
      ack: r.ack as never,
      respond: r.respond as never,
      body: click(ACTION.revokeCancel, 'cancel'),
      context: {},
    });

    expect(handed).toEqual([]);
    expect(r.responses).toEqual([
      expect.objectContaining({ replace_original: true, text: 'Nothing was revoked.' }),
    ]);
  });

  it('tells the clicker, with a reference, when the hand-off fails', async () => {
    const { ctx } = recordingContext({ failing: true });
    const r = recorder();

    await clickHandler(
      ctx,
      ACTION.createKeyNow,
    )({
      ack: r.ack as never,
      respond: r.respond as never,
      body: click(ACTION.createKeyNow, 'REQ-ABCDEFGH-1'),
      context: {},
    });

    expect(JSON.stringify(r.responses)).toMatch(/Reference `[0-9a-f]{8}`/);
  });
});
