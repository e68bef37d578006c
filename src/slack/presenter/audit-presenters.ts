import type { ExportOutcome } from '../../services/audit/export-audit.js';
import type { LookupOutcome } from '../../services/audit/lookup-audit.js';
import type { CheckpointOutcome } from '../../services/audit/request-checkpoint.js';
import type { VerifyOutcome } from '../../services/audit/verify-audit.js';
import { chainVerdictMessage, exportDone, verifyRefused } from '../messages/audit-chain-messages.js';
import {
  checkpointMessage,
  checkpointRefusedToRequester,
  evidenceVerdictMessage,
  exportCheckpointNote,
} from '../messages/audit-evidence-messages.js';
import { auditPage, notAnAuditor } from '../messages/audit-page.js';
import { simple } from '../messages/format.js';
import type { Presentation } from './deliveries.js';

const inPlace = (message: Presentation['deliveries'][number]['message']): Presentation => ({
  deliveries: [{ to: 'origin', message, replaceOriginal: true }],
});

/** An audit lookup or its More page, in place of the command's acknowledgement (or the page clicked). */
export function presentLookup(outcome: LookupOutcome): Presentation {
  if (outcome.kind === 'not_an_auditor') return inPlace(notAnAuditor());
  return inPlace(
    auditPage(outcome.query, outcome.events, outcome.cursor, {
      edited: outcome.edited,
      hidden: outcome.hidden,
    }),
  );
}

/** `audit verify`: the verdict in place of the acknowledgement. */
export function presentVerify(outcome: VerifyOutcome): Presentation {
  if (outcome.kind === 'not_an_auditor') return inPlace(verifyRefused());
  if (outcome.kind === 'evidence_verified')
    return inPlace(evidenceVerdictMessage(outcome.verdict, outcome.location, outcome.since));
  return inPlace(chainVerdictMessage(outcome.verdict, outcome.since));
}

/** `audit export`: what was sent (the files themselves went out part by part, through the notifier). */
export function presentExport(outcome: ExportOutcome): Presentation {
  if (outcome.kind === 'not_an_auditor') return inPlace(verifyRefused());
  const done = exportDone(outcome.events, outcome.parts, outcome.edited);
  if (!outcome.checkpoint) return inPlace(done);
  return inPlace({ ...done, blocks: [...(done.blocks ?? []), exportCheckpointNote(outcome.checkpoint)] });
}

/** `audit checkpoint`: what the checkpoint writer did, in place of the acknowledgement. */
export function presentCheckpoint(outcome: CheckpointOutcome): Presentation {
  if (outcome.kind === 'not_an_approver') return inPlace(checkpointRefusedToRequester());
  if (outcome.kind === 'not_configured')
    return inPlace(
      simple(':information_source: Signed checkpoints are not configured here (AUDIT_CHECKPOINT_BUCKET).'),
    );
  return inPlace(checkpointMessage(outcome.result));
}
