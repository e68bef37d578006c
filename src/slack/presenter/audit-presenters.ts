import type { ExportOutcome } from '../../services/audit/export-audit.js';
import type { LookupOutcome } from '../../services/audit/lookup-audit.js';
import type { VerifyOutcome } from '../../services/audit/verify-audit.js';
import { chainVerdictMessage, exportDone, verifyRefused } from '../messages/audit-chain-messages.js';
import { auditPage, notAnAuditor } from '../messages/audit-page.js';
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
  return inPlace(chainVerdictMessage(outcome.verdict, outcome.since));
}

/** `audit export`: what was sent (the files themselves went out part by part, through the notifier). */
export function presentExport(outcome: ExportOutcome): Presentation {
  if (outcome.kind === 'not_an_auditor') return inPlace(verifyRefused());
  return inPlace(exportDone(outcome.events, outcome.parts, outcome.edited));
}
