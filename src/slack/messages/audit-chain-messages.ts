import type { ChainProblem, ChainVerdict, PostedHead } from '../../domain/audit-chain.js';
import type { CheckpointSummary } from '../../domain/audit-checkpoint.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { simple, slackDate } from './format.js';

const short = (hash: string) => `\`${hash.slice(0, 16)}…\``;

/** The answer to `audit verify`: intact, the first broken link, or a head that does not match Slack's. */
export function chainVerdictMessage(verdict: ChainVerdict, since?: string): SlackMessage {
  const range = since ? ` since ${slackDate(since)}` : '';
  switch (verdict.kind) {
    case 'intact':
      return simple(
        verdict.head
          ? `:white_check_mark: The audit log is intact${range}: ${verdict.checked} events checked, head seq ${verdict.head.seq}, hash \`${verdict.head.hash}\`.`
          : ':white_check_mark: The audit log is empty: nothing to check.',
        'Compare the head with the latest one the sweeper posted to the approvers’ channel.',
      );
    case 'broken':
      return simple(
        `:rotating_light: The audit log is *broken* at seq ${verdict.first.seq}: ${describeProblem(verdict.first)}.`,
        `${verdict.checked} events checked${range}; ${verdict.problems} broken link${verdict.problems === 1 ? '' : 's'} in all. Earlier events verify.`,
      );
    case 'head_mismatch':
      return simple(
        `:rotating_light: The audit log does *not match* the head posted on ${verdict.posted.day} (seq ${verdict.posted.seq}, hash ${short(verdict.posted.hash)}): ${
          verdict.found
            ? verdict.found.seq === verdict.posted.seq
              ? `seq ${verdict.found.seq} now has hash ${short(verdict.found.hash)}`
              : `the log now ends at seq ${verdict.found.seq}`
            : 'the log is empty'
        }.`,
        `${verdict.checked} events checked${range}. The chain is consistent in itself, so it was rewritten.`,
      );
  }
}

function describeProblem(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'edited':
      return `*edited*: ${problem.why}`;
    case 'missing':
      return problem.lastSeq === problem.seq
        ? '*missing*: the event was removed'
        : `*missing*: events ${problem.seq}–${problem.lastSeq} were removed`;
    case 'inserted':
      return `*inserted*: ${problem.why}`;
  }
}

/** The daily post that puts the chain head where a database administrator cannot rewrite it. */
export function chainHeadPost(head: PostedHead, checkpoint?: CheckpointSummary): SlackMessage {
  const signed = checkpoint
    ? `Newest signed checkpoint: #${checkpoint.number} (\`${checkpoint.key}\`), head seq ${checkpoint.headSeq}, hash ${short(checkpoint.headHash)}, signed ${slackDate(checkpoint.to)}.`
    : 'No signed checkpoint yet.';
  return simple(
    `:link: Audit log head on ${head.day}: seq *${head.seq}*, hash \`${head.hash}\``,
    `${signed} Posted once a day as an outside witness; \`/bucket-key audit verify\` checks the log against the signed checkpoints.`,
  );
}

export function verifyRefused(): SlackMessage {
  return simple(
    ':no_entry: Only approvers and auditors may verify or export the audit log. This attempt has been recorded.',
  );
}

export function exportDone(events: number, parts: number, edited: readonly number[] = []): SlackMessage {
  if (events === 0) return simple('No audit events match that export.');
  const text = `:page_facing_up: Exported ${events} audit event${events === 1 ? '' : 's'} to your DM with the bot${parts > 1 ? `, in ${parts} numbered parts` : ''}.`;
  return edited.length ? simple(text, editedNote(edited)) : simple(text);
}

/** Names the exported events whose fields no longer match their hash (the first 20). */
export function editedNote(edited: readonly number[]): string {
  const shown = edited.slice(0, 20).join(', ');
  const more = edited.length > 20 ? ` and ${edited.length - 20} more` : '';
  return `:warning: ${edited.length === 1 ? 'Seq' : 'Seqs'} ${shown}${more}: the fields no longer match the hash (edited after they were recorded); marked in the file. Run \`/bucket-key audit verify\`.`;
}
