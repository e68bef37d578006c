import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent } from '../../../src/domain/audit-chain.js';
import {
  checkpointBytes,
  nextCheckpoint,
  type SignedCheckpoint,
  signatureIsValid,
} from '../../../src/domain/audit-checkpoint.js';
import type { AuditEvent } from '../../../src/domain/audit-event.js';
import { standingOf } from '../../../src/domain/audit-standing.js';
import {
  type ArchivedCheckpoint,
  EvidenceWalk,
  type EvidenceWalkOptions,
} from '../../../src/domain/audit-verification.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

function chainOf(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const at = new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString();
    const linked = {
      seq,
      prevHash,
      eventId: `${at}#${seq}`,
      at,
      type: 'key_revoked' as const,
      outcome: 'ok' as const,
      actorId: 'U1',
    };
    const hash = hashEvent(linked);
    events.push({ ...linked, hash });
    prevHash = hash;
  }
  return events;
}

/** Checkpoints at these heads, each signed over its bytes as KMS signs (ECDSA P-256, SHA-256, DER). */
function checkpointsAt(events: AuditEvent[], heads: number[]): ArchivedCheckpoint[] {
  let previous: SignedCheckpoint | undefined;
  return heads.map((seq, i) => {
    const head = events[seq - 1];
    const checkpoint = nextCheckpoint(previous, head, {
      to: new Date(Date.UTC(2026, 10, 2, i)).toISOString(),
      keyId: 'k',
      trigger: 'hourly',
    });
    previous = {
      checkpoint,
      signature: sign('sha256', checkpointBytes(checkpoint), privateKey).toString('base64'),
    };
    return { key: `checkpoints/${String(i + 1).padStart(10, '0')}.json`, signed: previous };
  });
}

const WHOLE: EvidenceWalkOptions = { start: 'genesis', expectHead: true, requireCovered: false };

function verdictOf(events: AuditEvent[], checkpoints: ArchivedCheckpoint[], options = WHOLE) {
  const walk = new EvidenceWalk(checkpoints, options);
  for (const event of events) walk.add(event);
  return walk.finish();
}

describe('checking the chain against signed checkpoints', () => {
  const events = chainOf(10);
  const checkpoints = checkpointsAt(events, [4, 8]);

  it('signs checkpoints the public key verifies, chained by the previous signature', () => {
    expect(checkpoints.every((c) => c.signed && signatureIsValid(c.signed, pem))).toBe(true);
    expect(checkpoints[1]?.signed?.checkpoint).toMatchObject({
      number: 2,
      firstSeq: 5,
      eventCount: 4,
      previousSignature: checkpoints[0]?.signed?.signature,
    });
    const forged = {
      ...(checkpoints[0]?.signed as SignedCheckpoint),
      checkpoint: {
        ...(checkpoints[0]?.signed?.checkpoint as SignedCheckpoint['checkpoint']),
        eventCount: 5,
      },
    };
    expect(signatureIsValid(forged, pem)).toBe(false);
  });

  it('answers intact, covered through the newest checkpoint, the rest counted as not yet signed', () => {
    expect(verdictOf(events, checkpoints)).toMatchObject({
      kind: 'intact',
      checked: 10,
      coveredThrough: 8,
      uncovered: 2,
      latest: { number: 2 },
    });
  });

  it('names the first seq a rewritten, re-hashed chain differs from what a checkpoint signed', () => {
    const rewritten = chainOf(10).map((e) => ({ ...e }));
    let prevHash = rewritten[1]?.hash as string;
    for (const event of rewritten.slice(2)) {
      const fields = { ...event, prevHash, ...(event.seq === 3 ? { actorId: 'U2' } : {}) };
      const { hash: _h, ...rest } = fields;
      Object.assign(event, fields, { hash: hashEvent(rest) });
      prevHash = event.hash;
    }
    expect(verdictOf(rewritten, checkpoints)).toMatchObject({
      kind: 'broken',
      first: { kind: 'checkpoint_mismatch', seq: 4, checkpoint: 1 },
    });
  });

  it('names a chain cut short below a signed head', () => {
    expect(verdictOf(events.slice(0, 6), checkpoints)).toMatchObject({
      kind: 'broken',
      first: { kind: 'missing', seq: 7, lastSeq: 8 },
    });
  });

  it('names a missing checkpoint, a broken checkpoint chain and an untrusted one', () => {
    const three = checkpointsAt(events, [3, 6, 9]);
    expect(verdictOf(events, [three[0], three[2]] as ArchivedCheckpoint[])).toMatchObject({
      kind: 'broken',
      first: { kind: 'checkpoint_gap', why: 'checkpoints #2–#2 are missing from the bucket' },
    });
    const [first] = checkpointsAt(events, [3]);
    const invalid = {
      ...(first as ArchivedCheckpoint),
      invalid: 'its signature does not verify with the public key',
    };
    expect(verdictOf(events, [invalid])).toMatchObject({
      kind: 'broken',
      first: { kind: 'checkpoint_invalid', seq: 1 },
    });
  });

  it('from a checkpoint, reads only the events after its head and anchors them to it', () => {
    const walk = new EvidenceWalk(checkpoints, {
      start: { afterCheckpoint: 2 },
      expectHead: true,
      requireCovered: false,
    });
    expect(walk.fromSeq).toBe(9);
    for (const event of events.slice(8)) walk.add(event);
    expect(walk.finish()).toMatchObject({ kind: 'intact', checked: 2, coveredThrough: 8, uncovered: 2 });
    const detached = new EvidenceWalk(checkpoints, {
      start: { afterCheckpoint: 2 },
      expectHead: true,
      requireCovered: false,
    });
    detached.add({ ...(events[8] as AuditEvent), prevHash: 'f'.repeat(64) });
    expect(detached.finish()).toMatchObject({ kind: 'broken', first: { kind: 'edited', seq: 9 } });
  });

  it('offline, requires every event covered, naming the first that is not', () => {
    expect(
      verdictOf(events, checkpoints, { start: 'genesis', expectHead: false, requireCovered: true }),
    ).toMatchObject({
      kind: 'broken',
      first: { kind: 'uncovered', seq: 9, lastSeq: 10 },
    });
    expect(
      verdictOf(events.slice(0, 8), checkpoints, {
        start: 'genesis',
        expectHead: false,
        requireCovered: true,
      }),
    ).toMatchObject({ kind: 'intact' });
  });
});

describe('where an item read from an index stands', () => {
  const events = chainOf(4);
  const neighbours = new Map(events.map((e) => [e.seq, e]));

  it('on the chain, edited in place, or outside it', () => {
    expect(standingOf(events[1] as AuditEvent, neighbours)).toBe('intact');
    expect(standingOf({ ...(events[1] as AuditEvent), actorId: 'U9' }, neighbours)).toBe('edited');
    const { hash: _h, ...fields } = { ...(events[1] as AuditEvent), actorId: 'U9' };
    expect(standingOf({ ...fields, hash: hashEvent(fields) }, neighbours)).toBe('outside');
    expect(standingOf({ ...(events[1] as AuditEvent), seq: 2.5 }, neighbours)).toBe('outside');
    // The head has no successor: it must link to its predecessor.
    expect(standingOf(events[3] as AuditEvent, neighbours)).toBe('intact');
    expect(
      standingOf(
        { ...(events[3] as AuditEvent), prevHash: 'f'.repeat(64) },
        new Map([[3, events[2] as AuditEvent]]),
      ),
    ).toBe('outside');
  });
});
