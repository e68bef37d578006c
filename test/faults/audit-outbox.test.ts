import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { APPROVER, type Harness, hasButton, REQUESTER, startHarness } from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * Recording fails closed: an append the audit table refuses goes to the outbox (in the requests
 * table) and is appended by the next sweep, with the id and time it was handed over, followed by an
 * `audit_append_retried` event. The actions themselves go ahead.
 */
describe('the audit outbox, with the audit table refusing every put for a while', () => {
  let h: Harness;
  const clock = new ManualClock(Date.parse('2026-11-01T09:00:00Z'));
  beforeAll(async () => {
    h = await startHarness({ LOG_LEVEL: 'ERROR' }, { clock });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function chain(): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for await (const page of h.bot.deps.audit.chainOldestFirst()) events.push(...page);
    return events;
  }

  it('lets no action complete without its event on the chain once the faults stop', async () => {
    const auditPuts = `"TableName":"${h.config.tables.audit}"`;
    h.dynamoFaults.fail('PutItem', 'ProvisionedThroughputExceededException', 100_000, auditPuts);

    await h.command(REQUESTER, 'create media-assets during the outage');
    await h.settle();
    const card = h.approvalCards().at(-1);
    if (!card) throw new Error('no approval card');
    await h.click(APPROVER, ACTION.approve, card);
    await h.settle();
    const approved = h.dmOf(REQUESTER).find((m) => hasButton(m, ACTION.createKeyNow));
    if (!approved) throw new Error('no approval DM');
    await h.click(REQUESTER, ACTION.createKeyNow, approved);
    await h.settle();

    // The actions went ahead: the key was issued, and nothing reached the chain.
    const [request] = await h.requestItems();
    expect(request?.state).toBe('ISSUED');
    expect(await chain()).toEqual([]);
    expect(h.metrics.totals().counts.AuditAppendFailures ?? 0).toBeGreaterThanOrEqual(3);
    // A sweep while the table still refuses leaves everything waiting, and loses nothing.
    const waiting = await h.sweep();
    expect(waiting).toBeDefined();
    expect(await chain()).toEqual([]);

    h.dynamoFaults.clear();
    // Retries wait a little longer each time: the next due attempt comes within the hour.
    for (let i = 0; i < 3 && !(await chain()).some((e) => e.type === 'key_issued'); i++) {
      clock.advance(61 * 60_000);
      await h.sweep();
    }
    const events = await chain();
    const types = events.map((e) => e.type);
    for (const type of ['request_created', 'request_approved', 'key_issued'] as const) {
      const event = events.find((e) => e.type === type && e.requestId === request?.requestId);
      expect(event, type).toBeDefined();
      const retried = events.find(
        (e) => e.type === 'audit_append_retried' && e.detail?.includes(String(event?.eventId)),
      );
      expect(retried, `${type} retried`).toBeDefined();
      expect(retried?.detail).toContain('ProvisionedThroughputExceededException');
    }
    // Each event once, in one unbroken chain, and nothing left in the outbox.
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(types.filter((t) => t === 'key_issued')).toHaveLength(1);
    expect(await h.bot.deps.audit.drainOutbox()).toEqual({ appended: 0, left: 0 });
  }, 120_000);
});
