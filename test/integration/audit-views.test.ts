import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEvent } from '../../src/domain/audit-chain.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { AUDITOR, type Harness, hasButton, REQUESTER, startHarness, textOf } from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * Views show the chain and nothing else: an index holds every item with its key attributes, whatever
 * its partition or sequence number, so lookups, More pages and exports check each item against its
 * neighbours on the chain before showing it.
 */
describe('audit views show only events of the chain', () => {
  let h: Harness;
  let db: DynamoDBDocumentClient;
  const clock = new ManualClock(Date.parse('2026-11-01T09:00:00Z'));

  beforeAll(async () => {
    h = await startHarness({ LOG_LEVEL: 'ERROR' }, { clock });
    db = createDynamoClient(h.config);
    await run(REQUESTER, 'create media-assets real request');
    for (let i = 0; i < 4; i++)
      await h.bot.deps.audit.append({
        type: 'key_revoked',
        outcome: 'ok',
        actorId: 'UAPPROVER1',
        bucket: 'media-assets',
        detail: `real revoke ${i}`,
      });
  });
  afterAll(async () => {
    db?.destroy();
    await h?.stop();
  });

  async function run(userId: string, text: string): Promise<string> {
    await h.command(userId, text);
    await h.settle();
    return textOf(h.lastAnswerTo(userId));
  }
  const put = (Item: Record<string, unknown>) =>
    db.send(new PutCommand({ TableName: h.config.tables.audit, Item }));
  async function item(seq: number): Promise<Record<string, unknown>> {
    const out = await db.send(
      new QueryCommand({
        TableName: h.config.tables.audit,
        KeyConditionExpression: 'chain = :c AND seq = :s',
        ExpressionAttributeValues: { ':c': 'events', ':s': seq },
      }),
    );
    return out.Items?.[0] as Record<string, unknown>;
  }
  /** A back-dated approval that never happened, re-hashed so that it is consistent in itself. */
  function planted(chain: string, seq: number, detail: string): Record<string, unknown> {
    const at = '2026-10-01T00:00:00.000Z';
    const fields = {
      seq,
      prevHash: '0'.repeat(64),
      eventId: `${at}#planted${seq}`,
      at,
      type: 'request_approved' as const,
      outcome: 'ok' as const,
      actorId: 'UAPPROVER1',
      subjectUserId: REQUESTER,
      bucket: 'media-assets',
      detail,
    };
    return { chain, ...fields, hash: hashEvent(fields as unknown as AuditEvent) };
  }

  it('never shows an item planted outside the chain, in a lookup, a More page or an export', async () => {
    // Outside the chain's partition, and inside it at numbers the chain never gives out.
    await put(planted('elsewhere', 3, 'PLANTED outside the partition'));
    await put(planted('events', 2.5, 'PLANTED between two events'));
    await put(planted('events', 0, 'PLANTED below the chain'));
    await put(planted('events', 99, 'PLANTED far above the head'));

    const lookup = await run(AUDITOR, 'audit media-assets --limit 40');
    expect(lookup).toContain('real revoke 3');
    expect(lookup).not.toContain('PLANTED');
    // The one outside the partition never leaves the adapter; the three inside it are counted, not shown.
    expect(lookup).toContain('3 items in the table on this page are not on the audit chain');
    const byUser = await run(AUDITOR, `<@${REQUESTER}|riley> --limit 40`);
    expect(byUser).not.toContain('PLANTED');

    // Page by page, one event a page: every More page is checked the same way.
    await h.command(AUDITOR, 'audit media-assets --limit 1');
    await h.settle();
    const pages: string[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = h.lastAnswerTo(AUDITOR);
      if (!answer) break;
      pages.push(textOf(answer));
      if (!hasButton(answer, ACTION.auditMore)) break;
      await h.click(AUDITOR, ACTION.auditMore, answer);
      await h.settle();
    }
    expect(pages.join('\n')).toContain('real revoke 0');
    expect(pages.join('\n')).not.toContain('PLANTED');

    for (const format of ['csv', 'jsonl']) {
      const before = new Set(h.slack.uploads.files.keys());
      expect(await run(AUDITOR, `audit export media-assets --format ${format}`)).toContain('Exported');
      const files = [...h.slack.uploads.files.values()].filter((f) => !before.has(f.id));
      const content = files.map((f) => String(f.content)).join('');
      expect(content).toContain('real revoke 2');
      expect(content).not.toContain('PLANTED');
    }
    for (const [chain, seq] of [
      ['elsewhere', 3],
      ['events', 2.5],
      ['events', 0],
      ['events', 99],
    ] as const)
      await db.send(new DeleteCommand({ TableName: h.config.tables.audit, Key: { chain, seq } }));
  });

  it('marks an event whose fields no longer match its hash, wherever it is shown', async () => {
    const head = await h.bot.deps.audit.head();
    const target = Number(head?.seq) - 1;
    const original = await item(target);
    // Edited in place, its hash left as it was: still linked into the chain, no longer matching itself.
    await put({ ...original, detail: 'real revoke 2, quietly edited' });

    const lookup = await run(AUDITOR, 'audit media-assets --limit 40');
    expect(lookup).toContain('hash does not match: edited after it was recorded');
    expect(lookup).toContain('quietly edited');

    const before = new Set(h.slack.uploads.files.keys());
    const answer = await run(AUDITOR, 'audit export media-assets');
    expect(answer).toContain(`Seq ${target}: the fields no longer match the hash`);
    const [file] = [...h.slack.uploads.files.values()].filter((f) => !before.has(f.id));
    const row = String(file?.content)
      .split('\r\n')
      .find((line) => line.includes('quietly edited'));
    expect(row).toMatch(/"EDITED: fields do not match the hash"$/);
    await put(original);
    expect(await run(AUDITOR, 'audit media-assets --limit 40')).not.toContain('hash does not match');
  });
});
