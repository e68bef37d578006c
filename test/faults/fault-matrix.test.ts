import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventType } from '../../src/domain/audit-event.js';
import type { DynamoFault } from '../../src/sandbox/dynamodb/dynamodb-fault-proxy.js';
import type { Fault } from '../../src/sandbox/lightsail/lightsail-emulator.js';
import type { SlackFault } from '../../src/sandbox/slack/slack-standin.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { APPROVER, type Harness, hasButton, REQUESTER, startHarness, textOf } from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

type Inject =
  | { lightsail: string; fault: Fault; times?: number }
  | { slack: string; fault: SlackFault; times?: number }
  | { dynamo: string; fault: DynamoFault; matching?: string; times?: number };

interface Case {
  name: string;
  step: 'create' | 'decide' | 'issue';
  inject: Inject;
  /** What the person who acted is told. */
  told: RegExp;
  /** The request's state right after the fault (undefined: no request was recorded). */
  state: string | undefined;
  /** An audit event that must record it, if the step got that far. */
  audited?: AuditEventType;
}

/** A Lightsail fault, what the person is told, and where the request stands after it while issuing. */
interface LightsailFaultCase {
  case: string;
  fault: Fault;
  told: RegExp;
  stateAfterIssue: string;
  audited: AuditEventType;
}

const LIGHTSAIL_FAULTS: LightsailFaultCase[] = [
  {
    case: 'NotFoundException',
    fault: { exception: 'NotFoundException' },
    told: /There is no bucket/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  {
    case: 'InvalidInputException',
    fault: { exception: 'InvalidInputException' },
    told: /refused the request/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  {
    case: 'AccessDeniedException',
    fault: { exception: 'AccessDeniedException' },
    told: /permissions or credentials/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  {
    case: 'UnauthenticatedException',
    fault: { exception: 'UnauthenticatedException' },
    told: /permissions or credentials/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  {
    case: 'RegionSetupInProgressException',
    fault: { exception: 'RegionSetupInProgressException' },
    told: /still setting up/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  {
    case: 'OperationFailureException',
    fault: { exception: 'OperationFailureException' },
    told: /Reference/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  // An answered failure has finished on Lightsail's side: settled at once, the approval given back.
  {
    case: 'ServiceException',
    fault: { exception: 'ServiceException' },
    told: /not answering properly|answered with an error/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  {
    case: 'HTTP 500',
    fault: { status: 500 },
    told: /not answering properly|answered with an error/,
    stateAfterIssue: 'APPROVED',
    audited: 'key_issue_failed',
  },
  {
    case: 'a response slower than the client timeout',
    fault: { delayMs: 3000 },
    told: /not answering properly|did not answer in time/,
    stateAfterIssue: 'ISSUING',
    audited: 'key_issue_failed',
  },
];

const cases: Case[] = [
  // create: recording the request and asking the approvers
  ...LIGHTSAIL_FAULTS.map(
    ({ case: name, fault, told }): Case => ({
      name: `GetBucketAccessKeys answers ${name} while creating the request`,
      step: 'create',
      inject: { lightsail: 'GetBucketAccessKeys', fault, times: 3 },
      told,
      state: undefined,
    }),
  ),
  {
    name: 'DynamoDB throttles the new request',
    step: 'create',
    inject: {
      dynamo: 'PutItem',
      fault: 'ProvisionedThroughputExceededException',
      matching: '"PENDING"',
      times: 10,
    },
    told: /Reference/,
    state: undefined,
  },
  {
    name: 'the approvers’ channel is not found',
    step: 'create',
    inject: { slack: 'chat.postMessage', fault: { error: 'channel_not_found' } },
    told: /could not post it to the approvers/,
    state: 'PENDING',
    audited: 'request_created',
  },
  {
    name: 'Slack answers 500 three times to the approvers’ post',
    step: 'create',
    inject: { slack: 'chat.postMessage', fault: { status: 500 }, times: 3 },
    told: /could not post it to the approvers/,
    state: 'PENDING',
    audited: 'request_created',
  },
  {
    name: 'Slack rate-limits the approvers’ post once',
    step: 'create',
    inject: { slack: 'chat.postMessage', fault: { status: 429, retryAfter: 1 } },
    told: /waiting for approval/,
    state: 'PENDING',
    audited: 'request_created',
  },
  // decide: the approver's click
  {
    name: 'DynamoDB throttles the decision',
    step: 'decide',
    inject: { dynamo: 'UpdateItem', fault: 'ThrottlingException', matching: '"APPROVED"', times: 10 },
    told: /Reference/,
    state: 'PENDING',
  },
  {
    name: 'the decision write loses a condition it should have won',
    step: 'decide',
    inject: { dynamo: 'UpdateItem', fault: 'ConditionalCheckFailedException', matching: '"APPROVED"' },
    told: /expired|already/,
    state: 'PENDING',
  },
  {
    name: 'chat.update of the card fails',
    step: 'decide',
    inject: { slack: 'chat.update', fault: { error: 'message_not_found' } },
    told: /approved your request/,
    state: 'APPROVED',
    audited: 'request_approved',
  },
  {
    name: 'the requester’s DM cannot be opened',
    step: 'decide',
    inject: { slack: 'conversations.open', fault: { error: 'user_not_found' } },
    told: /Approved by/,
    state: 'APPROVED',
    audited: 'request_approved',
  },
  // issue: claim, create, record, deliver, mark
  ...['GetBucketAccessKeys', 'CreateBucketAccessKey'].flatMap((operation) =>
    LIGHTSAIL_FAULTS.map(
      ({ case: name, fault, told, stateAfterIssue, audited }): Case => ({
        name: `${operation} answers ${name} while issuing`,
        step: 'issue',
        inject: { lightsail: operation, fault, times: 3 },
        told,
        // Reads that fail are never ambiguous: nothing was created.
        state: operation === 'GetBucketAccessKeys' ? 'APPROVED' : stateAfterIssue,
        audited,
      }),
    ),
  ),
  {
    name: 'DynamoDB throttles the claim',
    step: 'issue',
    inject: {
      dynamo: 'UpdateItem',
      fault: 'ProvisionedThroughputExceededException',
      matching: '"ISSUING"',
      times: 10,
    },
    told: /Reference/,
    state: 'APPROVED',
  },
  {
    name: 'DynamoDB throttles recording the key id',
    step: 'issue',
    inject: { dynamo: 'UpdateItem', fault: 'ThrottlingException', matching: '"accessKeyId"', times: 10 },
    told: /could not show it to you|deleted it/,
    state: 'ISSUING',
    audited: 'delivery_failed_key_deleted',
  },
  {
    name: 'recording the key id loses its condition (a sweeper took over)',
    step: 'issue',
    inject: { dynamo: 'UpdateItem', fault: 'ConditionalCheckFailedException', matching: '"accessKeyId"' },
    told: /could not show it to you|deleted it/,
    state: 'APPROVED',
    audited: 'delivery_failed_key_deleted',
  },
  {
    // conversations.open already ran (and is cached) when the approval DM was sent.
    name: 'chat.postEphemeral says user_not_in_channel',
    step: 'issue',
    inject: { slack: 'chat.postEphemeral', fault: { error: 'user_not_in_channel' } },
    told: /deleted it/,
    state: 'APPROVED',
    audited: 'delivery_failed_key_deleted',
  },
  {
    name: 'chat.postEphemeral says channel_not_found',
    step: 'issue',
    inject: { slack: 'chat.postEphemeral', fault: { error: 'channel_not_found' } },
    told: /deleted it/,
    state: 'APPROVED',
    audited: 'delivery_failed_key_deleted',
  },
  {
    name: 'chat.postEphemeral answers 500 three times',
    step: 'issue',
    inject: { slack: 'chat.postEphemeral', fault: { status: 500 }, times: 3 },
    told: /deleted it/,
    state: 'APPROVED',
    audited: 'delivery_failed_key_deleted',
  },
  {
    name: 'chat.postEphemeral is rate-limited three times',
    step: 'issue',
    inject: { slack: 'chat.postEphemeral', fault: { status: 429, retryAfter: 0 }, times: 3 },
    told: /deleted it/,
    state: 'APPROVED',
    audited: 'delivery_failed_key_deleted',
  },
  {
    name: 'chat.postEphemeral is rate-limited once',
    step: 'issue',
    inject: { slack: 'chat.postEphemeral', fault: { status: 429, retryAfter: 1 } },
    told: /is ready/,
    state: 'ISSUED',
    audited: 'key_issued',
  },
  {
    name: 'DynamoDB throttles marking the key issued',
    step: 'issue',
    inject: {
      dynamo: 'UpdateItem',
      fault: 'ProvisionedThroughputExceededException',
      matching: '"ISSUED"',
      times: 10,
    },
    told: /could not record it/,
    state: 'ISSUING',
    audited: 'key_issue_failed',
  },
];

describe('faults at every step: a clear message, a consistent state, an audit record, no undelivered key, and a clean retry', () => {
  let h: Harness;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    h = await startHarness({ AWS_TIMEOUT: '2s', ISSUING_TIMEOUT: '5m', LOG_LEVEL: 'ERROR' }, { clock });
  });
  afterEach(async () => {
    await h.stop();
  });

  function inject(i: Inject) {
    for (let n = 0; n < (i.times ?? 1); n++) {
      if ('lightsail' in i) h.lightsail.failNext(i.lightsail, i.fault);
      else if ('slack' in i) h.slack.failNext(i.slack, i.fault);
    }
    if ('dynamo' in i) h.dynamoFaults.fail(i.dynamo, i.fault, i.times ?? 1, i.matching);
  }
  function clearFaults() {
    h.lightsail.clearFaults();
    h.slack.clearFaults();
    h.dynamoFaults.clear();
  }
  const request = async () => (await h.requestItems()).find((item) => 'seq' in item);
  const deliveredKeys = () =>
    new Set(
      h.slack.messages
        .filter((m) => m.via === 'chat.postEphemeral' && textOf(m).includes('Secret access key'))
        .flatMap((m) => [...textOf(m).matchAll(/AKIA[A-Z0-9]{16}/g)].map((match) => match[0])),
    );
  const everyKeyWasDelivered = () => {
    const delivered = deliveredKeys();
    for (const key of h.lightsail.state.buckets.get('media-assets')?.keys ?? [])
      expect(delivered).toContain(key.accessKeyId);
  };
  const everythingSaid = () => JSON.stringify(h.slack.messages.map((m) => [m.text, m.blocks]));

  async function create() {
    await h.command(REQUESTER, 'create media-assets fault drill');
    await h.settle();
  }
  async function approve() {
    const card = h.approvalCards().at(-1);
    if (!card || !hasButton(card, ACTION.approve)) throw new Error('no card to approve');
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();
  }
  async function issue() {
    await h.command(REQUESTER, 'create media-assets');
    await h.settle();
  }

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    // Prepare: everything up to the step under test runs clean.
    if (c.step !== 'create') await create();
    if (c.step === 'issue') await approve();
    const before = h.slack.messages.length;

    // Act
    inject(c.inject);
    if (c.step === 'create') await create();
    if (c.step === 'decide') await approve();
    if (c.step === 'issue') await issue();

    // Assess: told, consistent, audited, no key without its delivered secret, no stack trace.
    // New messages, and messages changed in place (cards, answers replaced through response_url).
    const said =
      JSON.stringify(h.slack.messages.slice(before).map((m) => [m.text, m.blocks])) + everythingSaid();
    expect(said).toMatch(c.told);
    expect(said).not.toMatch(/at \S+\.(ts|js):\d+|Error:/);
    expect((await request())?.state).toBe(c.state);
    if (c.audited) {
      const events = await h.bot.deps.audit.query({
        subject: { kind: 'bucket', bucket: 'media-assets' },
        pageSize: 50,
      });
      expect(events.events.map((e) => e.type)).toContain(c.audited);
    }
    everyKeyWasDelivered();

    // And nothing is lost: with the fault gone, it completes.
    clearFaults();
    await h.lightsail.idle();
    // An issue that gave the approval back is tried again at once: no clock moves, no sweep runs.
    // Otherwise ISSUING_TIMEOUT (5 minutes) passes, by when even a slow Lightsail has finished
    // what it started, and the sweeper repairs.
    if (!(c.step === 'issue' && c.state === 'APPROVED')) {
      clock.advance(6 * 60_000);
      await h.sweep();
    }
    if ((await request())?.state === 'PENDING') {
      // The card may never have reached the channel: approvers also decide from App Home.
      await h.clickInHome(APPROVER, ACTION.approve, String((await request())?.requestId));
      await h.settle();
    }
    if ((await request())?.state === undefined) {
      await create();
      await approve();
    }
    if ((await request())?.state !== 'ISSUED') await issue();
    await h.lightsail.idle();
    expect((await request())?.state).toBe('ISSUED');
    expect(h.lightsail.state.buckets.get('media-assets')?.keys).toHaveLength(1);
    everyKeyWasDelivered();
    expect(everythingSaid()).toContain('is ready');
  });
});
