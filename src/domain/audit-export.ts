import { type Options, stringify } from 'csv-stringify/sync';
import type { AuditEvent } from './audit-event.js';

/** The CSV columns, fixed and in this order (docs/audit-and-lifecycle.md: Audit evidence). */
export const EXPORT_COLUMNS = [
  'seq',
  'at',
  'type',
  'outcome',
  'actorId',
  'subjectUserId',
  'bucket',
  'region',
  'requestId',
  'accessKeyId',
  'via',
  'detail',
  'eventId',
  'prevHash',
  'hash',
] as const satisfies ReadonlyArray<keyof AuditEvent>;

/**
 * A formula start right after a separator or line break inside a cell: a spreadsheet that splits on
 * `;` (the list separator in much of Europe), or ignores quotes, would start a new cell there.
 */
const INNER_FORMULA = /([;,\t\r\n][ ]*)([=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g;

// Every cell quoted; a cell starting like a formula gets a leading `'` (OWASP CSV injection).
const CSV_OPTIONS: Options = {
  quoted: true,
  quoted_empty: true,
  escape_formulas: true,
  record_delimiter: '\r\n',
  cast: { string: (text) => text.replace(INNER_FORMULA, "$1'$2") },
};

export function csvHeader(): string {
  return stringify([EXPORT_COLUMNS], CSV_OPTIONS);
}

/** One RFC 4180 row, every cell quoted and defused. */
export function csvRow(event: AuditEvent): string {
  return stringify([EXPORT_COLUMNS.map((column) => event[column] ?? '')], CSV_OPTIONS);
}

/** The event exactly as stored: the line to recompute its hash from. */
export function jsonlLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}
