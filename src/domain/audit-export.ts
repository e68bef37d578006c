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

/**
 * The CSV's last column, after the event's own fields: whether the row's fields still match its hash.
 * An edited event is exported (it holds its place on the chain) and marked.
 */
export const INTEGRITY_COLUMN = 'integrity';
export const INTEGRITY = { intact: 'intact', edited: 'EDITED: fields do not match the hash' } as const;

/** The CSV's header: the event's columns, then `integrity`. */
export const CSV_COLUMNS = [...EXPORT_COLUMNS, INTEGRITY_COLUMN] as const;

export function csvHeader(): string {
  return stringify([CSV_COLUMNS], CSV_OPTIONS);
}

/** Any one row in the same form (another report's columns). */
export function csvCells(cells: readonly string[]): string {
  return stringify([cells], CSV_OPTIONS);
}

/** One RFC 4180 row, every cell quoted and defused. */
export function csvRow(event: AuditEvent, edited = false): string {
  const cells = [
    ...EXPORT_COLUMNS.map((column) => event[column] ?? ''),
    edited ? INTEGRITY.edited : INTEGRITY.intact,
  ];
  return stringify([cells], CSV_OPTIONS);
}

/** The event exactly as stored: the line to recompute its hash from. */
export function jsonlLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}
