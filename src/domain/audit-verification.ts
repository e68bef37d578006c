import { hashEvent } from './audit-chain.js';
import type { SignedCheckpoint } from './audit-checkpoint.js';
import type { AuditEvent } from './audit-event.js';
import { isChainSeq } from './audit-standing.js';

/** A checkpoint object as read from the bucket, judged before the walk: parsed, signature checked, locked. */
export interface ArchivedCheckpoint {
  key: string;
  signed?: SignedCheckpoint;
  /** Why it cannot be trusted: unreadable, a bad signature, not under COMPLIANCE lock. */
  invalid?: string;
}

export type EvidenceProblem =
  /** The event's fields no longer match its hash, or its successor does not link to it. */
  | { kind: 'edited'; seq: number; why: string }
  /** Sequence numbers `seq`..`lastSeq` are not in the chain. */
  | { kind: 'missing'; seq: number; lastSeq: number; why?: string }
  /** An item that is not an event of the chain (a seq the chain never gives out, or out of order). */
  | { kind: 'inserted'; seq: number; why: string }
  /** The chain differs from what a signed checkpoint says it was. */
  | { kind: 'checkpoint_mismatch'; seq: number; checkpoint: number; why: string }
  /** A checkpoint object that cannot be trusted. */
  | { kind: 'checkpoint_invalid'; seq: number; key: string; why: string }
  /** The checkpoints do not form one unbroken chain (a number missing, a signature or range that does not follow). */
  | { kind: 'checkpoint_gap'; seq: number; checkpoint: number; why: string }
  /** Events after the last checkpoint the events reach: intact, but no signature covers them yet. */
  | { kind: 'uncovered'; seq: number; lastSeq: number };

export interface EvidenceFacts {
  /** Events checked. */
  checked: number;
  /** Checkpoints checked. */
  checkpoints: number;
  head?: { seq: number; hash: string };
  /** Every event up to this seq is covered by a valid signed checkpoint. */
  coveredThrough: number;
  /** Events after `coveredThrough`. */
  uncovered: number;
  /** The newest checkpoint the walk relied on. */
  latest?: { number: number; key: string; headSeq: number; to: string };
  /** Where the walk started: seq 1, or just after a signed checkpoint's head. */
  fromSeq: number;
}

export type EvidenceVerdict =
  | ({ kind: 'intact' } & EvidenceFacts)
  | ({ kind: 'broken'; first: EvidenceProblem; problems: number } & EvidenceFacts);

export interface EvidenceWalkOptions {
  /** Start at seq 1 (`genesis`), or just after this checkpoint's head (it must be among the checkpoints). */
  start: 'genesis' | { afterCheckpoint: number };
  /** The events reach the chain's head: a checkpoint beyond the last event means events were removed. */
  expectHead: boolean;
  /** Events no checkpoint covers are a problem (the offline verifier), not just a count. */
  requireCovered: boolean;
}

/**
 * Checks a run of the chain, oldest first, against signed checkpoints, trusting nothing the events
 * say about themselves: each link and hash, each checkpoint's head against the event at its seq, and
 * the checkpoints' own chain (numbers, previous signatures, ranges). Pure: the caller reads the
 * events (the table, or an export) and the checkpoint objects (the bucket), and checks signatures.
 */
export class EvidenceWalk {
  private readonly problems: EvidenceProblem[] = [];
  private readonly byHeadSeq = new Map<number, SignedCheckpoint[]>();
  private readonly considered: ArchivedCheckpoint[];
  private prev: { seq: number; hash?: string; anchor: boolean };
  private last: AuditEvent | undefined;
  private checked = 0;
  /** Where the walk starts: seq 1, or just after the anchor checkpoint's head. */
  readonly fromSeq: number;

  constructor(
    checkpoints: readonly ArchivedCheckpoint[],
    private readonly options: EvidenceWalkOptions,
  ) {
    const start = options.start;
    const anchor =
      start === 'genesis'
        ? undefined
        : checkpoints.find((c) => c.signed?.checkpoint.number === start.afterCheckpoint);
    const anchorNumber = anchor?.signed?.checkpoint.number ?? 0;
    this.considered = checkpoints.filter((c) => !c.signed || c.signed.checkpoint.number >= anchorNumber);
    this.prev = anchor?.signed
      ? { seq: anchor.signed.checkpoint.head.seq, hash: anchor.signed.checkpoint.head.hash, anchor: true }
      : { seq: 0, hash: GENESIS, anchor: true };
    this.fromSeq = this.prev.seq + 1;
    for (const c of this.considered) {
      if (!c.signed || c.invalid) continue;
      const list = this.byHeadSeq.get(c.signed.checkpoint.head.seq) ?? [];
      list.push(c.signed);
      this.byHeadSeq.set(c.signed.checkpoint.head.seq, list);
    }
  }

  add(event: AuditEvent): void {
    const seq = event.seq;
    if (!isChainSeq(seq) || seq <= this.prev.seq) {
      const why = isChainSeq(seq)
        ? `it comes after seq ${this.prev.seq}`
        : 'the chain never gives out this number';
      this.problems.push({ kind: 'inserted', seq, why });
      return;
    }
    this.checked++;
    if (seq > this.prev.seq + 1) {
      this.problems.push({ kind: 'missing', seq: this.prev.seq + 1, lastSeq: seq - 1 });
    } else if (this.prev.hash !== undefined && event.prevHash !== this.prev.hash) {
      this.problems.push(
        this.prev.anchor
          ? {
              kind: 'edited',
              seq,
              why: `it does not link to the head the checkpoint signed (seq ${this.prev.seq})`,
            }
          : {
              kind: 'edited',
              seq: this.prev.seq,
              why: `seq ${seq} does not link to it: it was changed and re-hashed, or seq ${seq} was`,
            },
      );
    }
    if (hashEvent(event) !== event.hash)
      this.problems.push({ kind: 'edited', seq, why: 'its fields no longer match its hash' });
    for (const signed of this.byHeadSeq.get(seq) ?? []) {
      if (signed.checkpoint.head.hash !== event.hash)
        this.problems.push({
          kind: 'checkpoint_mismatch',
          seq,
          checkpoint: signed.checkpoint.number,
          why: `checkpoint #${signed.checkpoint.number} signed another event at seq ${seq}: the chain was rewritten at or before it`,
        });
    }
    this.prev = { seq, hash: event.hash, anchor: false };
    this.last = event;
  }

  finish(): EvidenceVerdict {
    this.checkCheckpointChain();
    const lastSeq = this.prev.seq;
    // From an anchor, the events up to its head are covered by it (it is checked among the others).
    let coveredThrough = this.fromSeq - 1;
    let latest: EvidenceFacts['latest'];
    for (const c of this.considered) {
      const signed = c.signed;
      if (!signed || c.invalid) continue;
      const headSeq = signed.checkpoint.head.seq;
      if (headSeq > lastSeq) {
        if (this.options.expectHead)
          this.problems.push({
            kind: 'missing',
            seq: lastSeq + 1,
            lastSeq: headSeq,
            why: `checkpoint #${signed.checkpoint.number} signed a head at seq ${headSeq}, beyond where the chain now ends`,
          });
        continue;
      }
      if (headSeq >= coveredThrough) coveredThrough = headSeq;
      latest = { number: signed.checkpoint.number, key: c.key, headSeq, to: signed.checkpoint.to };
    }
    const uncovered = Math.max(0, lastSeq - coveredThrough);
    if (uncovered > 0 && this.options.requireCovered)
      this.problems.push({ kind: 'uncovered', seq: coveredThrough + 1, lastSeq });
    const facts: EvidenceFacts = {
      checked: this.checked,
      checkpoints: this.considered.length,
      coveredThrough,
      uncovered,
      fromSeq: this.fromSeq,
      ...(this.last ? { head: { seq: this.last.seq, hash: this.last.hash } } : {}),
      ...(latest ? { latest } : {}),
    };
    const first = [...this.problems].sort((a, b) => a.seq - b.seq)[0];
    return first
      ? { kind: 'broken', first, problems: this.problems.length, ...facts }
      : { kind: 'intact', ...facts };
  }

  /** Numbers without a gap, each previous signature the one before it, each range following the last. */
  private checkCheckpointChain(): void {
    let before: SignedCheckpoint | undefined;
    for (const c of this.considered) {
      const signed = c.signed;
      if (!signed || c.invalid) {
        const seq = signed?.checkpoint.firstSeq ?? (before ? before.checkpoint.head.seq + 1 : 1);
        this.problems.push({
          kind: 'checkpoint_invalid',
          seq,
          key: c.key,
          why: c.invalid ?? 'not a checkpoint',
        });
        continue;
      }
      const problem = this.linkProblem(before, signed);
      if (problem)
        this.problems.push({
          kind: 'checkpoint_gap',
          seq: signed.checkpoint.firstSeq,
          checkpoint: signed.checkpoint.number,
          why: problem,
        });
      before = signed;
    }
  }

  private linkProblem(before: SignedCheckpoint | undefined, cur: SignedCheckpoint): string | undefined {
    const c = cur.checkpoint;
    const head = c.head.seq;
    if (c.eventCount !== Math.max(0, head - c.firstSeq + 1))
      return `checkpoint #${c.number} counts ${c.eventCount} events for seq ${c.firstSeq}–${head}`;
    if (!before) {
      if (this.options.start !== 'genesis') return undefined;
      if (c.number !== 1) return `checkpoints #1–#${c.number - 1} are missing from the bucket`;
      return c.previousSignature === null && c.firstSeq === 1
        ? undefined
        : 'the first checkpoint does not start the chain';
    }
    const b = before.checkpoint;
    if (c.number !== b.number + 1)
      return c.number > b.number + 1
        ? `checkpoints #${b.number + 1}–#${c.number - 1} are missing from the bucket`
        : `checkpoint #${c.number} appears twice`;
    if (c.previousSignature !== before.signature)
      return `checkpoint #${c.number} does not carry the signature of checkpoint #${b.number}`;
    if (c.firstSeq !== b.head.seq + 1 || c.from !== b.to)
      return `checkpoint #${c.number} covers seq ${c.firstSeq} from ${c.from}, but #${b.number} ended at seq ${b.head.seq} at ${b.to}`;
    return undefined;
  }
}

const GENESIS = '0'.repeat(64);
