/** One entry on the bus: EventBridge's Source, DetailType, Detail (JSON) and Time. */
export interface BusEntry {
  source: string;
  detailType: string;
  detail: string;
  time: string;
}

/**
 * Where chain events go for SIEMs: an EventBridge bus (AUDIT_EVENT_BUS). At least once: a consumer
 * dedupes on the detail's `seq` (and can check `hash`).
 */
export interface AuditEventBus {
  /** Publishes the entries; returns the indexes of those the bus did not take (to retry). */
  publish(entries: readonly BusEntry[]): Promise<number[]>;
}
