import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { DYNAMO_BACKENDS, startDynamoBackend } from '../support/dynamo-backends.js';
import { APPROVER, type Harness, hasButton, REQUESTER, startHarness, textOf } from '../support/harness.js';

describe.each(DYNAMO_BACKENDS)('create → approve → issue, on %s', (backend) => {
  let dynamo: LocalDynamoDb;
  let h: Harness;
  beforeAll(async () => {
    dynamo = await startDynamoBackend(backend);
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
  beforeEach(async () => {
    h = await startHarness({}, { dynamo });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('hands the secret to the requester only as an ephemeral message in their DM', async () => {
    // Prepare: a request, posted to the approvers
    const ack = await h.command(REQUESTER, 'create media-assets nightly backups');
    expect(ack.status).toBe(200);
    expect(textOf(ack.json as never)).toContain('Working on it');
    await h.settle();
    const card = h.approvalCards().at(-1);
    expect(card && hasButton(card, ACTION.approve)).toBe(true);
    expect(textOf(card)).toContain('nightly backups');

    // Act: an approver approves, the requester presses "Create key now"
    await h.click(APPROVER, ACTION.approve, card!);
    await h.settle();
    const approvedDm = h.dmOf(REQUESTER).find((m) => hasButton(m, ACTION.createKeyNow));
    expect(approvedDm).toBeDefined();
    await h.click(REQUESTER, ACTION.createKeyNow, approvedDm!);
    await h.settle();

    // Assess: one key on the bucket, its secret only in one ephemeral DM message
    const keys = h.lightsail.state.buckets.get('media-assets')!.keys;
    expect(keys).toHaveLength(1);
    const secretMessages = h.slack.messages.filter((m) => textOf(m).includes('Secret access key'));
    expect(secretMessages).toHaveLength(1);
    expect(secretMessages[0]).toMatchObject({
      channel: 'DREQUESTER',
      visibleTo: REQUESTER,
      via: 'chat.postEphemeral',
    });
    expect(textOf(secretMessages[0])).toContain(keys[0]!.accessKeyId);
    const updatedCard = h.approvalCards().at(-1)!;
    expect(hasButton(updatedCard, ACTION.approve)).toBe(false);
    expect(textOf(updatedCard)).toContain('Approved by');
  });
});
