import type { CheckpointSummary } from '../../domain/audit-checkpoint.js';
import type { EvidenceProblem, EvidenceVerdict } from '../../domain/audit-verification.js';
import type { CheckpointResult } from '../../ports/audit-checkpoints.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { context, simple, slackDate } from './format.js';

const LOCKED =
  'Stored under S3 Object Lock (COMPLIANCE): nobody can delete or change it before its retention ends.';
const short = (hash: string) => `\`${hash.slice(0, 16)}…\``;

/** The answer to `audit verify` against the signed checkpoints. */
export function evidenceVerdictMessage(
  verdict: EvidenceVerdict,
  location: string,
  since?: string,
): SlackMessage {
  const range = since
    ? ` since ${slackDate(since)} (from the checkpoint signed before then, seq ${verdict.fromSeq} on)`
    : '';
  const counted = `${verdict.checked} events and ${verdict.checkpoints} signed checkpoint${verdict.checkpoints === 1 ? '' : 's'} checked${range}, from \`${location}\``;
  if (verdict.kind === 'broken')
    return simple(
      `:rotating_light: The audit log is *broken* at seq ${verdict.first.seq}: ${describeEvidenceProblem(verdict.first)}.`,
      `${counted}; ${verdict.problems} problem${verdict.problems === 1 ? '' : 's'} in all.`,
    );
  if (!verdict.head && !verdict.latest)
    return simple(':white_check_mark: The audit log is empty: nothing to check.', counted);
  const latest = verdict.latest
    ? `Covered by signed checkpoints through seq ${verdict.coveredThrough} (newest #${verdict.latest.number}, ${slackDate(verdict.latest.to)}).`
    : 'No signed checkpoint covers it yet.';
  const tail = verdict.uncovered
    ? ` ${verdict.uncovered} newer event${verdict.uncovered === 1 ? ' is' : 's are'} intact but not yet signed; the next checkpoint covers ${verdict.uncovered === 1 ? 'it' : 'them'}.`
    : '';
  return simple(
    `:white_check_mark: The audit log is intact and matches its signed checkpoints: head seq ${verdict.head?.seq ?? 0}, hash \`${verdict.head?.hash ?? ''}\`. ${latest}${tail}`,
    counted,
  );
}

export function describeEvidenceProblem(problem: EvidenceProblem): string {
  switch (problem.kind) {
    case 'edited':
      return `*edited*: ${problem.why}`;
    case 'missing':
      return `*missing*: ${problem.lastSeq === problem.seq ? 'the event was removed' : `events ${problem.seq}–${problem.lastSeq} were removed`}${problem.why ? ` (${problem.why})` : ''}`;
    case 'inserted':
      return `*inserted*: ${problem.why}`;
    case 'checkpoint_mismatch':
      return `*rewritten*: ${problem.why}`;
    case 'checkpoint_invalid':
      return `*checkpoint not trusted*: \`${problem.key}\`: ${problem.why}`;
    case 'checkpoint_gap':
      return `*checkpoints broken*: ${problem.why}`;
    case 'uncovered':
      return `*not covered*: events ${problem.seq}–${problem.lastSeq} follow the last signed checkpoint`;
  }
}

/** The answer to `audit checkpoint`. */
export function checkpointMessage(result: CheckpointResult): SlackMessage {
  switch (result.kind) {
    case 'signed':
      return simple(`:lock: ${describeCheckpoint(result.checkpoint)}`, LOCKED);
    case 'not_due':
      return simple(`:lock: ${describeCheckpoint(result.latest)}`, LOCKED);
    case 'refused':
      return simple(
        `:rotating_light: No checkpoint signed: the chain since the last checkpoint does not verify, at seq ${result.problem.seq}: ${describeEvidenceProblem(result.problem)}.`,
        'The signer never signs over a broken chain. Run `/bucket-key audit verify`.',
      );
    case 'failed':
      return simple(
        `:warning: No checkpoint signed: ${result.reason}. Nothing changed; try again, or wait for the hourly one.`,
      );
  }
}

export function describeCheckpoint(c: CheckpointSummary): string {
  return `Checkpoint #${c.number} signed ${slackDate(c.to)}: head seq *${c.headSeq}*, hash ${short(c.headHash)}, ${c.eventCount} new event${c.eventCount === 1 ? '' : 's'} (\`${c.key}\`).`;
}

export function checkpointRefusedToRequester(): SlackMessage {
  return simple(':no_entry: Only approvers may sign an audit checkpoint. This attempt has been recorded.');
}

/** Under a whole-log export: the checkpoint it ends at, and how to check it without the bot. */
export function exportCheckpointNote(c: CheckpointSummary) {
  return context(
    `:lock: The export ends at seq ${c.headSeq}, the head of checkpoint #${c.number} (\`${c.key}\`), signed for it. Check it offline: \`npm run audit:verify -- --events <file> --checkpoints s3://… --public-key key.pem\` (docs/auditors.md).`,
  );
}
