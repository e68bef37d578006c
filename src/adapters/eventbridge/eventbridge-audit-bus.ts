import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { AuditEventBus, BusEntry } from '../../ports/audit-event-bus.js';

/** PutEvents takes at most 10 entries a call. */
const PUT_EVENTS_MAX = 10;

/** The audit stream's bus in EventBridge: PutEvents, ten at a time, reporting each entry it refused. */
export class EventBridgeAuditBus implements AuditEventBus {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(entries: readonly BusEntry[]): Promise<number[]> {
    const failed: number[] = [];
    for (let start = 0; start < entries.length; start += PUT_EVENTS_MAX) {
      const batch = entries.slice(start, start + PUT_EVENTS_MAX);
      try {
        const out = await this.events.send(
          new PutEventsCommand({
            Entries: batch.map((entry) => ({
              EventBusName: this.busName,
              Source: entry.source,
              DetailType: entry.detailType,
              Detail: entry.detail,
              Time: new Date(entry.time),
            })),
          }),
        );
        (out.Entries ?? []).forEach((result, i) => {
          if (result.ErrorCode) failed.push(start + i);
        });
      } catch {
        for (let i = 0; i < batch.length; i++) failed.push(start + i);
      }
    }
    return failed;
  }
}
