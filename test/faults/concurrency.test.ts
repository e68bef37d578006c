import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { DYNAMO_BACKENDS, startDynamoBackend } from '../support/dynamo-backends.js';
import { APPROVER, type Harness, REQUESTER, startHarness, textOf } from '../support/harness.js';

const APPROVERS = Array.from({ length: 50 }, (_, i) => `UAPPR${String(i).padStart(5, '0')}`);

describe.each(DYNAMO_BACKENDS)('under concurrency, on %s', (backend) => {
  let dynamo: LocalDynamoDb;
  let h: Harness;
  beforeAll(async () => {
    dynamo = await startDynamoBackend(backend);
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
  beforeEach(async () => {
    h = await startHarness(
      { APPROVER_IDS: [APPROVER, ...APPROVERS].join(','), LOG_LEVEL: 'ERROR' },
      { dynamo },
    );
    for (const id of [...APPROVERS, 'UOTHER0001'])
      h.slack.workspace.users[id] = { name: id.toLowerCase(), realName: id };
  });
  afterEach(async () => {
    await h.stop();
  });

  const requests = async () => (await h.requestItems()).filter((item) => 'seq' in item);
  const secrets = () =>
    h.slack.messages.filter((m) => m.via === 'chat.postEphemeral' && textOf(m).includes('Secret access key'));

  async function approvedRequest(requester = REQUESTER, bucket = 'media-assets') {
    await h.command(requester, `create ${bucket} concurrency`);
    await h.settle();
    await h.click(APPROVER, ACTION.approve, h.approvalCards().at(-1)!);
    await h.settle();
  }

  it('turns 50 different approvers’ simultaneous clicks into exactly one decision', async () => {
    await h.command(REQUESTER, 'create media-assets many approvers');
    await h.settle();
    const card = h.approvalCards().at(-1)!;
    await Promise.all(
      APPROVERS.map((approver, i) => h.click(approver, i % 3 ? ACTION.approve : ACTION.deny, card)),
    );
    await h.settle();

    const [request] = await requests();
    expect(['APPROVED', 'DENIED']).toContain(request?.state);
    expect(APPROVERS).toContain(request?.decidedBy);
    const audit = await h.bot.deps.audit.query({
      subject: { kind: 'bucket', bucket: 'media-assets' },
      pageSize: 100,
    });
    expect(
      audit.events.filter((e) => e.type === 'request_approved' || e.type === 'request_denied'),
    ).toHaveLength(1);
    const losers = h.slack.messages.filter(
      (m) => m.via === 'response_url' && /already (approved|denied)/.test(textOf(m)),
    );
    expect(losers).toHaveLength(49);
  });

  it('issues at most one key when the requester runs create 20 times at once on one approval', async () => {
    await approvedRequest();
    await Promise.all(Array.from({ length: 20 }, () => h.command(REQUESTER, 'create media-assets')));
    await h.settle();

    expect(h.lightsail.state.buckets.get('media-assets')?.keys).toHaveLength(1);
    expect(h.lightsail.calls.filter((c) => c.operation === 'CreateBucketAccessKey')).toHaveLength(1);
    expect(secrets()).toHaveLength(1);
    // A create that lands after the key was issued rightly asks for a new approval; none gets a key.
    const states = (await requests()).map((r) => r.state).sort();
    expect(states.filter((state) => state !== 'PENDING')).toEqual(['ISSUED']);
    expect(states.filter((state) => state === 'PENDING').length).toBeLessThanOrEqual(1);
  });

  it('never puts a third key on a bucket, however many approved people create at once', async () => {
    const people = Array.from({ length: 6 }, (_, i) => `UPERSON${String(i).padStart(3, '0')}`);
    for (const id of people) h.slack.workspace.users[id] = { name: id.toLowerCase(), realName: id };
    for (const person of people) await approvedRequest(person);
    await Promise.all(people.map((person) => h.command(person, 'create media-assets')));
    await h.settle();

    expect(h.lightsail.state.buckets.get('media-assets')?.keys).toHaveLength(2);
    expect(secrets()).toHaveLength(2);
    const states = (await requests()).map((r) => r.state).sort();
    expect(states).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'ISSUED', 'ISSUED']);
    const refused = h.slack.messages.filter((m) => textOf(m).includes('already holds 2 access keys'));
    expect(refused).toHaveLength(4);
  });
});
