import type { AuditEvent } from './audit-event.js';

/** The CSV columns, fixed and in this order (README: Audit evidence). */
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

export function csvHeader(): string {
  return `${EXPORT_COLUMNS.join(',')}\r\n`;
}

/** One RFC 4180 row. A cell a spreadsheet would run as a formula gets a leading `'` (OWASP CSV injection). */
export function csvRow(event: AuditEvent): string {
  return `${EXPORT_COLUMNS.map((column) => csvCell(event[column])).join(',')}\r\n`;
}

/** The event exactly as stored: the line to recompute its hash from. */
export function jsonlLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
