import { createHash } from 'node:crypto';
import type { AuditEvent } from './audit-event.js';

/** What the first event of the chain links to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical form an event's hash covers: every field but `hash` itself, as a JSON array of
 * `[name, value]` pairs sorted by name. Anyone can recompute it from an export's JSONL line.
 */
export function canonicalForm(event: Omit<AuditEvent, 'hash'> & { hash?: string }): string {
  const fields = Object.entries(event)
    .filter(([name, value]) => name !== 'hash' && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(fields);
}

/** SHA-256 (hex) of the canonical form. */
export function hashEvent(event: Omit<AuditEvent, 'hash'> & { hash?: string }): string {
  return createHash('sha256').update(canonicalForm(event)).digest('hex');
}

/** A chain head as the sweeper posted it to the approvers' channel. */
export interface PostedHead {
  day: string;
  seq: number;
  hash: string;
}

export type ChainProblem =
  /** The event's fields no longer match its hash, or it was changed and re-hashed (its successor disagrees). */
  | { kind: 'edited'; seq: number; why: string }
  /** Sequence numbers `seq`..`lastSeq` are gone. */
  | { kind: 'missing'; seq: number; lastSeq: number }
  /** An event that is not part of the chain: its predecessor and successor do not link through it. */
  | { kind: 'inserted'; seq: number; why: string };

export type ChainVerdict =
  | { kind: 'intact'; checked: number; head?: { seq: number; hash: string } }
  | { kind: 'broken'; checked: number; first: ChainProblem; problems: number }
  | { kind: 'head_mismatch'; checked: number; posted: PostedHead; found?: { seq: number; hash: string } };

/**
 * Checks the chain from its head backwards, one event at a time (pages newest first). Pure: the
 * caller pages through DynamoDB and decides where to stop. The verdict names the broken link with
 * the lowest sequence number, since the walk sees every link of the range before it answers.
 */
export class ChainWalk {
  private newer: AuditEvent | undefined;
  /** Whether the event after `newer` links to it: then `newer` is part of the chain. */
  private newerLinked = false;
  private head: AuditEvent | undefined;
  private checked = 0;
  private readonly problems: ChainProblem[] = [];
  private readonly postedBySeq = new Map<number, PostedHead>();
  private headMismatch: { posted: PostedHead; found?: { seq: number; hash: string } } | undefined;

  constructor(private readonly posted: readonly PostedHead[]) {
    for (const head of posted) this.postedBySeq.set(head.seq, head);
  }

  add(event: AuditEvent): void {
    const seq = event.seq;
    if (!Number.isInteger(seq) || seq < 1) {
      this.problems.push({
        kind: 'inserted',
        seq,
        why: 'its sequence number is not one the chain gives out',
      });
      return;
    }
    this.checked++;
    this.head ??= event;
    const selfConsistent = hashEvent(event) === event.hash;
    if (!selfConsistent)
      this.problems.push({ kind: 'edited', seq, why: 'its fields no longer match its hash' });
    const newer = this.newer;
    if (newer) {
      if (newer.seq > seq + 1) {
        this.problems.push({ kind: 'missing', seq: seq + 1, lastSeq: newer.seq - 1 });
      } else if (newer.prevHash !== event.hash && selfConsistent) {
        this.problems.push(
          this.newerLinked
            ? {
                kind: 'edited',
                seq,
                why: `it was changed and re-hashed: seq ${newer.seq} links to another event`,
              }
            : { kind: 'inserted', seq: newer.seq, why: `it does not link to seq ${seq}` },
        );
      }
    }
    const witness = this.postedBySeq.get(seq);
    if (witness && witness.hash !== event.hash && !this.headMismatch)
      this.headMismatch = { posted: witness, found: { seq, hash: event.hash } };
    this.newerLinked = newer !== undefined && newer.seq === seq + 1 && newer.prevHash === event.hash;
    this.newer = event;
  }

  /** `reachedStart`: the walk went down to the oldest event (no `--since` cut it short). */
  finish(reachedStart: boolean): ChainVerdict {
    const oldest = this.newer;
    if (reachedStart && oldest) {
      if (oldest.seq > 1) this.problems.push({ kind: 'missing', seq: 1, lastSeq: oldest.seq - 1 });
      else if (oldest.prevHash !== GENESIS_HASH)
        this.problems.push({ kind: 'inserted', seq: 1, why: 'the first event does not start the chain' });
    }
    const first = [...this.problems].sort((a, b) => a.seq - b.seq)[0];
    if (first) return { kind: 'broken', checked: this.checked, first, problems: this.problems.length };
    const headSeq = this.head?.seq ?? 0;
    // A posted head beyond the chain's head: events after it were removed (or the chain rewritten shorter).
    const beyond = this.posted.find((p) => p.seq > headSeq);
    if (beyond) {
      return {
        kind: 'head_mismatch',
        checked: this.checked,
        posted: beyond,
        ...(this.head ? { found: { seq: this.head.seq, hash: this.head.hash } } : {}),
      };
    }
    if (this.headMismatch) return { kind: 'head_mismatch', checked: this.checked, ...this.headMismatch };
    return {
      kind: 'intact',
      checked: this.checked,
      ...(this.head ? { head: { seq: this.head.seq, hash: this.head.hash } } : {}),
    };
  }
}
