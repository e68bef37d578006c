import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/domain/audit-event.js';
import {
  CSV_COLUMNS,
  csvHeader,
  csvRow,
  EXPORT_COLUMNS,
  INTEGRITY,
} from '../../../src/domain/audit-export.js';

const event: AuditEvent = {
  seq: 7,
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  eventId: '2026-11-01T10:00:00.000Z#abc',
  at: '2026-11-01T10:00:00.000Z',
  type: 'request_created',
  outcome: 'ok',
  actorId: 'UREQUESTER',
  bucket: 'media-assets',
};

/** The detail column of one row (every cell is quoted, so the row splits on `","`). */
function detailOf(row: string): string {
  const cells = row.trimEnd().slice(1, -1).split('","');
  expect(cells).toHaveLength(CSV_COLUMNS.length);
  return cells[EXPORT_COLUMNS.indexOf('detail')] ?? '';
}

describe('the CSV export', () => {
  it('quotes every cell, the header and empty cells included', () => {
    expect(csvHeader()).toBe(`${[...EXPORT_COLUMNS, 'integrity'].map((c) => `"${c}"`).join(',')}\r\n`);
    expect(csvRow({ ...event, detail: 'nightly backups' })).toBe(
      `"7","2026-11-01T10:00:00.000Z","request_created","ok","UREQUESTER","","media-assets","","","","","nightly backups","2026-11-01T10:00:00.000Z#abc","${'a'.repeat(64)}","${'b'.repeat(64)}","intact"\r\n`,
    );
  });

  it('marks a row whose fields no longer match its hash in the last column', () => {
    const row = csvRow({ ...event, detail: 'changed' }, true)
      .trimEnd()
      .slice(1, -1)
      .split('","');
    expect(row.at(-1)).toBe(INTEGRITY.edited);
    expect(row.at(-2)).toBe('b'.repeat(64));
  });

  it('keeps a reason with a `;` and a formula in one quoted, defused cell (Excel with `;` as list separator)', () => {
    expect(detailOf(csvRow({ ...event, detail: "ops;=cmd|' /C calc'!A0" }))).toBe("ops;'=cmd|' /C calc'!A0");
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['a,=1', "a,'=1"],
    ['a, +1', "a, '+1"],
    ['a\t@x', "a\t'@x"],
    ['a;\uFF1D1', "a;'\uFF1D1"],
    ['say "hi"', 'say ""hi""'],
    ['a-b=c', 'a-b=c'],
  ])('defuses a formula start at the start or after a separator: %j', (detail, shown) => {
    expect(detailOf(csvRow({ ...event, detail }))).toBe(shown);
  });
});
