import type { AuditEvent, NewAuditEvent } from '../domain/audit-event.js';
import type { AuditSubject } from '../domain/command.js';

export interface AuditPage {
  events: AuditEvent[];
  /** Opaque; pass back to read the next page. Absent on the last page. */
  cursor?: string;
}

export interface AuditQuery {
  subject: AuditSubject;
  /** Only events at or after this ISO time. */
  since?: string;
  pageSize: number;
  cursor?: string;
}

/** Append-only: events are added, never changed or removed. */
export interface AuditLog {
  append(event: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first; one Query per page. */
  query(query: AuditQuery): Promise<AuditPage>;
}
