/**
 * Key schemas and indexes of the bot's two tables, in CloudFormation's shape.
 * serverless.yml declares the same; test/integration/table-definitions.test.ts
 * proves the packaged template and these agree.
 */
export interface TableDefinition {
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: 'S' | 'N' }>;
  KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
  GlobalSecondaryIndexes: Array<{
    IndexName: string;
    KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
    Projection: { ProjectionType: 'ALL' };
  }>;
}

const gsi = (IndexName: string, hash: string, range: string) => ({
  IndexName,
  KeySchema: [
    { AttributeName: hash, KeyType: 'HASH' as const },
    { AttributeName: range, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

export const REQUEST_INDEX = {
  byRequesterBucket: 'byRequesterBucket',
  byRequester: 'byRequester',
  byBucket: 'byBucket',
  byStateDue: 'byStateDue',
} as const;

/** One item per request, keyed by its deterministic id. */
export const requestsTable: TableDefinition = {
  AttributeDefinitions: [
    { AttributeName: 'requestId', AttributeType: 'S' },
    { AttributeName: 'requesterBucket', AttributeType: 'S' },
    { AttributeName: 'seq', AttributeType: 'N' },
    { AttributeName: 'requesterId', AttributeType: 'S' },
    { AttributeName: 'bucket', AttributeType: 'S' },
    { AttributeName: 'createdAt', AttributeType: 'S' },
    { AttributeName: 'state', AttributeType: 'S' },
    { AttributeName: 'dueAt', AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: 'requestId', KeyType: 'HASH' }],
  GlobalSecondaryIndexes: [
    gsi(REQUEST_INDEX.byRequesterBucket, 'requesterBucket', 'seq'),
    gsi(REQUEST_INDEX.byRequester, 'requesterId', 'createdAt'),
    gsi(REQUEST_INDEX.byBucket, 'bucket', 'createdAt'),
    // Sparse: only states with a deadline carry dueAt, so the sweeper reads only what is due.
    gsi(REQUEST_INDEX.byStateDue, 'state', 'dueAt'),
  ],
};

export const AUDIT_INDEX = {
  byBucket: 'byBucket',
  bySubject: 'bySubject',
  byRequest: 'byRequest',
  byActor: 'byActor',
} as const;

/**
 * The partitions of the audit table: the hash chain of events, the chain heads posted to Slack, and
 * the checkpoint writer's records. IAM (serverless.yml) lets each role put on its own partitions only.
 */
export const AUDIT_PARTITION = {
  events: 'events',
  postedHeads: 'posted-heads',
  checkpoints: 'checkpoints',
} as const;

/**
 * Append-only. The events form one hash chain, keyed by sequence number in one partition
 * (`chain` = `events`): an append is a put conditional on its sequence number being free, and the
 * chain is read in order with Query, newest or oldest first, with no Scan. `eventId` sorts by time,
 * so each index reads newest first.
 */
export const auditTable: TableDefinition = {
  AttributeDefinitions: [
    { AttributeName: 'chain', AttributeType: 'S' },
    { AttributeName: 'seq', AttributeType: 'N' },
    { AttributeName: 'eventId', AttributeType: 'S' },
    { AttributeName: 'bucket', AttributeType: 'S' },
    { AttributeName: 'subjectUserId', AttributeType: 'S' },
    { AttributeName: 'requestId', AttributeType: 'S' },
    { AttributeName: 'actorId', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'chain', KeyType: 'HASH' },
    { AttributeName: 'seq', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    gsi(AUDIT_INDEX.byBucket, 'bucket', 'eventId'),
    gsi(AUDIT_INDEX.bySubject, 'subjectUserId', 'eventId'),
    gsi(AUDIT_INDEX.byRequest, 'requestId', 'eventId'),
    gsi(AUDIT_INDEX.byActor, 'actorId', 'eventId'),
  ],
};

export function tableDefinitions(names: {
  requests: string;
  audit: string;
}): Record<string, TableDefinition> {
  return { [names.requests]: requestsTable, [names.audit]: auditTable };
}
