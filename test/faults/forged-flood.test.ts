import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { ACTION } from '../../src/slack/messages/ids.js';
import { acceptSignedJob } from '../../src/worker/accept-signed-job.js';
import { APPROVER, type Harness, REQUESTER, SIGNING_SECRET, startHarness } from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * A flood of forged worker invocations adds one audit event per reason and minute, with a count,
 * recorded by the sweeper: it cannot push a real approval's events behind a thousand of its own.
 */
describe('1,000 forged worker invocations during a real approval', () => {
  let h: Harness;
  const clock = new ManualClock(Date.parse('2026-11-01T09:00:00Z'));
  beforeAll(async () => {
    // dynalite runs in this process and slows with it: a generous AWS timeout keeps timing out of the test.
    h = await startHarness({ LOG_LEVEL: 'ERROR', AWS_TIMEOUT: '30s' }, { clock });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function chain(): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for await (const page of h.bot.deps.audit.chainOldestFirst()) events.push(...page);
    return events;
  }

  it('records the real events in order, and the flood as one counted event per reason and minute', async () => {
    await h.command(REQUESTER, 'create media-assets under a flood');
    await h.settle();
    const card = h.approvalCards().at(-1);
    if (!card) throw new Error('no approval card');
    // The worker and the sweeper read one clock in production; here, the manual one.
    const nowMs = clock.now().getTime();
    // Bare jobs and payloads signed with the wrong secret, each claiming someone else.
    const forge = (i: number) =>
      acceptSignedJob(
        h.bot.deps,
        i % 2
          ? { kind: 'decide', userId: `UFORGED${String(i).padStart(4, '0')}`, approve: true }
          : {
              slackRequest: {
                body: `user_id=UX${i}`,
                signature: 'v0=00',
                timestamp: String(Math.floor(nowMs / 1000)),
                contentType: 'application/x-www-form-urlencoded',
              },
            },
        { signingSecret: SIGNING_SECRET, nowMs },
      );
    // The click is acknowledged, then its job runs while the flood arrives, 25 invocations at a time:
    // DynamoDB here is dynalite in this very process, which more at once would slow down as a whole.
    await h.click(APPROVER, ACTION.approve, card);
    const flood = (async () => {
      for (let batch = 0; batch < 40; batch++)
        await Promise.all(Array.from({ length: 25 }, (_, i) => forge(batch * 25 + i)));
    })();
    await Promise.all([flood, h.settle()]);

    // The approval's events are on the chain, right after the request's, with no forged event among them.
    const real = await chain();
    expect(real.map((e) => e.type)).toEqual(['request_created', 'request_approved']);
    expect(real.map((e) => e.seq)).toEqual([1, 2]);
    expect(h.metrics.totals().counts.ForgedJobsRefused).toBe(1000);

    // Once the minute is over, a sweep records it: one event per reason, the counts adding up.
    clock.advance(60_000);
    await h.sweep();
    const refused = (await chain()).filter((e) => e.type === 'forged_job_refused');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeLessThanOrEqual(4);
    const total = refused.reduce(
      (sum, e) => sum + Number(/^(\d+) refused in the minute/.exec(e.detail ?? '')?.[1]),
      0,
    );
    expect(total).toBe(1000);
    expect(refused.map((e) => e.detail).join('\n')).toMatch(
      /no Slack signature; the first claimed to be UFORGED\d{4} \(unverified\)/,
    );
    expect(refused.map((e) => e.detail).join('\n')).toMatch(/signature does not match the body/);
    // A second sweep records nothing twice.
    await h.sweep();
    expect((await chain()).filter((e) => e.type === 'forged_job_refused')).toHaveLength(refused.length);
  }, 120_000);
});
