import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { EventBridgeAuditBus } from '../adapters/eventbridge/eventbridge-audit-bus.js';
import { loadConfig } from '../config.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { ConfigError } from '../domain/errors.js';
import type { AuditEventBus } from '../ports/audit-event-bus.js';
import { type ChainChange, publishChainChanges } from '../services/audit/publish-stream.js';

/** A DynamoDB Streams record as Lambda hands it over (DynamoDB JSON images). */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: {
    SequenceNumber?: string;
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
  };
}

let bus: AuditEventBus | undefined;

function busOf(): AuditEventBus {
  if (bus) return bus;
  const config = loadConfig(process.env, 'publisher');
  if (!config.eventBus) throw new ConfigError('AUDIT_EVENT_BUS is required');
  const endpoint = config.aws.eventBridgeEndpoint;
  bus = new EventBridgeAuditBus(
    new EventBridgeClient({
      region: config.aws.region,
      ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    }),
    config.eventBus,
  );
  return bus;
}

/** The chain's changes among the records (other partitions are skipped: they are not events). */
export function chainChangesOf(records: readonly StreamRecord[]): ChainChange[] {
  const changes: ChainChange[] = [];
  for (const record of records) {
    const image = record.dynamodb;
    const keys = image?.Keys ? unmarshall(image.Keys as never) : {};
    if (keys.chain !== 'events' || !image?.SequenceNumber) continue;
    const event = (raw?: Record<string, unknown>) => {
      if (!raw) return undefined;
      const { chain: _partition, ...fields } = unmarshall(raw as never);
      return fields as AuditEvent;
    };
    const newEvent = event(image.NewImage);
    const oldEvent = event(image.OldImage);
    changes.push({
      id: image.SequenceNumber,
      change: (record.eventName as ChainChange['change']) ?? 'INSERT',
      ...(newEvent ? { newEvent } : {}),
      ...(oldEvent ? { oldEvent } : {}),
    });
  }
  return changes;
}

/**
 * The `publisher` function, on the audit table's stream: every event appended to the chain goes to
 * the EventBridge bus. A record the bus refused is reported (ReportBatchItemFailures), so the
 * stream retries from it; after the retries serverless.yml allows, the batch is parked in a queue
 * with an alarm. Nothing is dropped silently.
 */
export async function handler(
  event: { Records?: StreamRecord[] },
  _context: unknown,
  target: AuditEventBus = busOf(),
): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> {
  const failed = await publishChainChanges(target, chainChangesOf(event.Records ?? []));
  return { batchItemFailures: failed ? [{ itemIdentifier: failed }] : [] };
}
