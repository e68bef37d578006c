import { describe, expect, it } from 'vitest';
import { ChainWalk, GENESIS_HASH, hashEvent } from '../../../src/domain/audit-chain.js';
import type { AuditEvent } from '../../../src/domain/audit-event.js';

function chain(length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const linked = {
      seq,
      prevHash: events.at(-1)?.hash ?? GENESIS_HASH,
      eventId: `2026-11-01T10:00:${String(seq).padStart(2, '0')}.000Z#abc`,
      at: `2026-11-01T10:00:${String(seq).padStart(2, '0')}.000Z`,
      type: 'request_created' as const,
      outcome: 'ok' as const,
      actorId: 'UREQUESTER',
      detail: `event ${seq}`,
    };
    events.push({ ...linked, hash: hashEvent(linked) });
  }
  return events;
}

function verdictOf(events: AuditEvent[], posted: Parameters<typeof ChainWalk.prototype.finish>[0] = true) {
  const walk = new ChainWalk([]);
  for (const e of [...events].sort((a, b) => b.seq - a.seq)) walk.add(e);
  return walk.finish(posted);
}

describe('the audit hash chain', () => {
  it('hashes a canonical form that ignores field order and covers every field', () => {
    const [event] = chain(1) as [AuditEvent];
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as unknown as AuditEvent;
    expect(hashEvent(reordered)).toBe(event.hash);
    expect(hashEvent({ ...event, detail: 'event 2' })).not.toBe(event.hash);
    expect(hashEvent({ ...event, extra: 'x' } as AuditEvent)).not.toBe(event.hash);
  });

  it('answers intact with the count and the head', () => {
    const events = chain(5);
    expect(verdictOf(events)).toEqual({
      kind: 'intact',
      checked: 5,
      head: { seq: 5, hash: events[4]?.hash },
    });
  });

  it('names an edited event, whether or not its hash was recomputed', () => {
    const events = chain(5);
    const edited = events.map((e) => (e.seq === 3 ? { ...e, detail: 'changed' } : e));
    expect(verdictOf(edited)).toMatchObject({ kind: 'broken', first: { kind: 'edited', seq: 3 } });
    const rehashed = events.map((e) => {
      if (e.seq !== 3) return e;
      const { hash: _old, ...rest } = { ...e, detail: 'changed' };
      return { ...rest, hash: hashEvent(rest) };
    });
    expect(verdictOf(rehashed)).toMatchObject({ kind: 'broken', first: { kind: 'edited', seq: 3 } });
  });

  it('names missing events, at the start, the middle', () => {
    const events = chain(6);
    expect(verdictOf(events.filter((e) => e.seq !== 4 && e.seq !== 5))).toMatchObject({
      kind: 'broken',
      first: { kind: 'missing', seq: 4, lastSeq: 5 },
    });
    expect(verdictOf(events.filter((e) => e.seq !== 1))).toMatchObject({
      first: { kind: 'missing', seq: 1, lastSeq: 1 },
    });
  });

  it('names an inserted event', () => {
    const events = chain(4);
    const fake = { ...(events[1] as AuditEvent), seq: 2.5, detail: 'slipped in' };
    const inserted = { ...fake, hash: hashEvent(fake) };
    expect(verdictOf([...events, inserted])).toMatchObject({
      kind: 'broken',
      first: { kind: 'inserted', seq: 2.5 },
    });
    // Appended after the head without linking to it.
    const tail = { ...(events[3] as AuditEvent), seq: 5, prevHash: 'f'.repeat(64) };
    expect(verdictOf([...events, { ...tail, hash: hashEvent(tail) }])).toMatchObject({
      first: { kind: 'inserted', seq: 5 },
    });
  });

  it('catches a consistent rewrite only through a posted head', () => {
    const events = chain(4);
    const posted = { day: '2026-11-01', seq: 4, hash: events[3]?.hash as string };
    const rewritten = chain(3); // the last event removed: still a valid chain in itself
    const walk = new ChainWalk([posted]);
    for (const e of [...rewritten].reverse()) walk.add(e);
    expect(walk.finish(true)).toMatchObject({ kind: 'head_mismatch', posted, found: { seq: 3 } });
  });

  it('checks only the range asked for with --since', () => {
    const events = chain(6).filter((e) => e.seq !== 1);
    const walk = new ChainWalk([]);
    for (const e of [...events].reverse().slice(0, 3)) walk.add(e);
    expect(walk.finish(false)).toMatchObject({ kind: 'intact', checked: 3 });
  });
});
