import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessRequest, MessageRef, RequestState } from '../../domain/access-request.js';
import { RequestConflictError } from '../../domain/errors.js';
import type { RequestStore } from '../../ports/request-store.js';
import { conditionalWrite } from './conditional.js';
import { REQUEST_INDEX } from './table-definitions.js';

type Update = {
  set: Record<string, unknown>;
  /** Raw SET clauses, e.g. `dueAt = approvalExpiresAt` (their values go in `values`). */
  copy?: string[];
  remove?: string[];
  condition: string;
  values?: Record<string, unknown>;
};

/** RequestStore on one DynamoDB table; each state change is a single conditional UpdateItem. */
export class DynamoRequestStore implements RequestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(requestId: string): Promise<AccessRequest | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { requestId }, ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async latestFor(
    requesterId: string,
    bucket: string,
    indexedWillDo?: (indexed: AccessRequest) => boolean,
  ): Promise<AccessRequest | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: REQUEST_INDEX.byRequesterBucket,
        KeyConditionExpression: 'requesterBucket = :rb',
        ExpressionAttributeValues: { ':rb': requesterBucket(requesterId, bucket) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    if (!item) return undefined;
    // The index is eventually consistent: its copy is used only where a conditional write checks it.
    const indexed = fromItem(item);
    return indexedWillDo?.(indexed) ? indexed : this.get(indexed.requestId);
  }

  async create(request: AccessRequest): Promise<void> {
    await conditionalWrite(
      () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...request, requesterBucket: requesterBucket(request.requesterId, request.bucket) },
            ConditionExpression: 'attribute_not_exists(requestId)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      () => this.get(request.requestId),
      `create ${request.requestId}`,
      fromItem,
      RequestConflictError,
    );
  }

  async setApprovalMessage(requestId: string, message: MessageRef): Promise<void> {
    await this.update(requestId, {
      set: { approvalMessage: message },
      condition: 'attribute_exists(requestId)',
    });
  }

  decide(
    requestId: string,
    decision: { approved: boolean; by: string; at: string; approvalExpiresAt?: string },
  ) {
    const set: Record<string, unknown> = {
      state: decision.approved ? 'APPROVED' : 'DENIED',
      decidedBy: decision.by,
      decidedAt: decision.at,
    };
    if (decision.approved)
      Object.assign(set, {
        approvalExpiresAt: decision.approvalExpiresAt,
        dueAt: decision.approvalExpiresAt,
      });
    return this.update(requestId, {
      set,
      remove: decision.approved ? [] : ['dueAt'],
      condition: '#state = :pending AND dueAt > :at',
      values: { ':pending': 'PENDING', ':at': decision.at },
    });
  }

  approve(
    requestId: string,
    a: { by: string; at: string; seen: number; required: number; approvalExpiresAt: string },
  ) {
    const completes = a.seen + 1 >= a.required;
    // The count read is part of the condition: an approval that raced ours makes this write fail,
    // and the caller re-reads, so exactly one write sees the quorum complete.
    const counted =
      a.seen === 0
        ? 'attribute_not_exists(approvals)'
        : 'size(approvals) = :seen AND NOT contains(approvals, :me)';
    return this.update(requestId, {
      set: completes
        ? {
            state: 'APPROVED',
            decidedBy: a.by,
            decidedAt: a.at,
            approvalExpiresAt: a.approvalExpiresAt,
            dueAt: a.approvalExpiresAt,
          }
        : {},
      copy: ['approvals = list_append(if_not_exists(approvals, :none), :mine)'],
      condition: `#state = :pending AND dueAt > :at AND ${counted}`,
      values: {
        ':pending': 'PENDING',
        ':at': a.at,
        ':none': [],
        ':mine': [a.by],
        ...(a.seen === 0 ? {} : { ':seen': a.seen, ':me': a.by }),
      },
    });
  }

  async takeReminder(requestId: string, n: number): Promise<void> {
    const sentBefore = n === 1 ? 'attribute_not_exists(remindersSent)' : 'remindersSent = :before';
    await this.update(requestId, {
      set: { remindersSent: n },
      condition: `#state = :pending AND ${sentBefore}`,
      values: { ':pending': 'PENDING', ...(n === 1 ? {} : { ':before': n - 1 }) },
    });
  }

  async returnReminder(requestId: string, n: number): Promise<void> {
    await this.update(requestId, {
      ...(n === 1 ? { set: {}, remove: ['remindersSent'] } : { set: { remindersSent: n - 1 } }),
      condition: 'remindersSent = :n',
      values: { ':n': n },
    });
  }

  cancel(requestId: string, requesterId: string, at: string) {
    return this.update(requestId, {
      set: { state: 'CANCELLED', cancelledAt: at },
      remove: ['dueAt'],
      condition: '#state = :pending AND requesterId = :requester AND dueAt > :at',
      values: { ':pending': 'PENDING', ':requester': requesterId, ':at': at },
    });
  }

  claim(
    requestId: string,
    requesterId: string,
    claim: { token: string; at: string; dueAt: string; keysBeforeCreate?: readonly string[] },
  ) {
    const set: Record<string, unknown> = {
      state: 'ISSUING',
      claimToken: claim.token,
      claimedAt: claim.at,
      dueAt: claim.dueAt,
    };
    if (claim.keysBeforeCreate) set.keysBeforeCreate = [...claim.keysBeforeCreate];
    return this.update(requestId, {
      set,
      condition: '#state = :approved AND requesterId = :requester AND approvalExpiresAt > :at',
      values: { ':approved': 'APPROVED', ':requester': requesterId, ':at': claim.at },
    });
  }

  async recordKey(requestId: string, token: string, accessKeyId: string): Promise<void> {
    await this.update(requestId, { set: { accessKeyId }, ...claimHeld(token) });
  }

  markIssued(requestId: string, token: string, issued: { at: string; keyExpiresAt?: string }) {
    const set: Record<string, unknown> = { state: 'ISSUED', issuedAt: issued.at };
    if (issued.keyExpiresAt)
      Object.assign(set, { keyExpiresAt: issued.keyExpiresAt, dueAt: issued.keyExpiresAt });
    return this.update(requestId, {
      set,
      remove: issued.keyExpiresAt
        ? ['claimToken', 'keysBeforeCreate']
        : ['claimToken', 'keysBeforeCreate', 'dueAt'],
      ...claimHeld(token),
    });
  }

  releaseClaim(requestId: string, token: string): Promise<AccessRequest> {
    return this.update(requestId, {
      set: { state: 'APPROVED' },
      copy: ['dueAt = approvalExpiresAt'],
      remove: ['claimToken', 'claimedAt', 'accessKeyId', 'keysBeforeCreate'],
      ...claimHeld(token),
    });
  }

  expire(requestId: string, from: RequestState, now: string) {
    return this.update(requestId, {
      set: { state: 'EXPIRED' },
      remove: ['dueAt'],
      condition: '#state = :from AND dueAt <= :now',
      values: { ':from': from, ':now': now },
    });
  }

  revoke(requestId: string, accessKeyId: string, by: { userId: string; at: string }) {
    return this.update(requestId, {
      set: { state: 'REVOKED', revokedBy: by.userId, revokedAt: by.at },
      remove: ['dueAt'],
      condition: '#state IN (:issued, :retiring) AND accessKeyId = :key',
      values: { ':issued': 'ISSUED', ':retiring': 'RETIRING', ':key': accessKeyId },
    });
  }

  revokeUndelivered(
    requestId: string,
    seen: Pick<AccessRequest, 'state' | 'claimToken' | 'accessKeyId'>,
    by: { userId: string; at: string },
  ) {
    const set = { state: 'REVOKED', revokedBy: by.userId, revokedAt: by.at };
    if (seen.state === 'APPROVED')
      return this.update(requestId, {
        set,
        remove: ['dueAt'],
        condition: '#state = :approved',
        values: { ':approved': 'APPROVED' },
      });
    const key = seen.accessKeyId ? 'accessKeyId = :key' : 'attribute_not_exists(accessKeyId)';
    return this.update(requestId, {
      set,
      // With no key recorded, a create may still make one: the claim stays for the sweeper's repair.
      remove: seen.accessKeyId ? ['dueAt', 'claimToken', 'keysBeforeCreate'] : [],
      condition: `#state = :issuing AND claimToken = :token AND ${key}`,
      values: {
        ':issuing': 'ISSUING',
        ':token': seen.claimToken,
        ...(seen.accessKeyId ? { ':key': seen.accessKeyId } : {}),
      },
    });
  }

  settleRevokedClaim(requestId: string) {
    return this.update(requestId, {
      set: {},
      remove: ['dueAt', 'claimToken', 'keysBeforeCreate'],
      condition: '#state = :revoked AND attribute_exists(dueAt)',
      values: { ':revoked': 'REVOKED' },
    });
  }

  startRetiring(
    requestId: string,
    accessKeyId: string,
    r: { replacedBy: string; retireBy: string; dueAt: string },
  ) {
    return this.update(requestId, {
      set: { state: 'RETIRING', replacedBy: r.replacedBy, retireBy: r.retireBy, dueAt: r.dueAt },
      condition: '#state = :issued AND accessKeyId = :key',
      values: { ':issued': 'ISSUED', ':key': accessKeyId },
    });
  }

  noteSuccessorUsed(requestId: string, usedAt: string) {
    return this.update(requestId, {
      set: { successorUsedAt: usedAt },
      condition: '#state = :retiring AND attribute_not_exists(successorUsedAt)',
      values: { ':retiring': 'RETIRING' },
    });
  }

  markExpiryWarned(requestId: string, accessKeyId: string, at: string) {
    return this.update(requestId, {
      set: { expiryWarnedAt: at },
      condition: '#state = :issued AND accessKeyId = :key AND attribute_not_exists(expiryWarnedAt)',
      values: { ':issued': 'ISSUED', ':key': accessKeyId },
    });
  }

  markIdleWarned(requestId: string, accessKeyId: string, at: string, idleSince: string) {
    return this.update(requestId, {
      set: { idleWarnedAt: at },
      condition:
        '#state = :issued AND accessKeyId = :key AND (attribute_not_exists(idleWarnedAt) OR idleWarnedAt < :since)',
      values: { ':issued': 'ISSUED', ':key': accessKeyId, ':since': idleSince },
    });
  }

  listDue(state: RequestState, now: string, limit: number): Promise<AccessRequest[]> {
    return this.byStateDue(state, '<=', now, limit);
  }

  listOpen(state: RequestState, now: string, limit: number): Promise<AccessRequest[]> {
    return this.byStateDue(state, '>', now, limit);
  }

  async liveClaimsOn(bucket: string, now: string): Promise<AccessRequest[]> {
    // Only claims still running are read: the index holds ISSUING items by their timeout.
    return this.queryAll({
      IndexName: REQUEST_INDEX.byStateDue,
      KeyConditionExpression: '#state = :issuing AND dueAt > :now',
      FilterExpression: '#bucket = :b',
      ExpressionAttributeNames: { '#state': 'state', '#bucket': 'bucket' },
      ExpressionAttributeValues: { ':issuing': 'ISSUING', ':now': now, ':b': bucket },
    });
  }

  listByRequester(requesterId: string, limit: number): Promise<AccessRequest[]> {
    return this.query({
      IndexName: REQUEST_INDEX.byRequester,
      KeyConditionExpression: 'requesterId = :r',
      ExpressionAttributeValues: { ':r': requesterId },
      ScanIndexForward: false,
      Limit: limit,
    });
  }

  async recordsOfKeys(bucket: string, accessKeyIds: readonly string[]): Promise<AccessRequest[]> {
    if (accessKeyIds.length === 0) return [];
    const keys = Object.fromEntries(accessKeyIds.map((id, i) => [`:k${i}`, id]));
    return this.queryAll({
      IndexName: REQUEST_INDEX.byBucket,
      KeyConditionExpression: '#bucket = :b',
      FilterExpression: `accessKeyId IN (${Object.keys(keys).join(', ')})`,
      ExpressionAttributeNames: { '#bucket': 'bucket' },
      ExpressionAttributeValues: { ':b': bucket, ...keys },
    });
  }

  /** Requests in `state` whose deadline is before or after `now`, soonest deadline first. */
  private byStateDue(
    state: RequestState,
    op: '<=' | '>',
    now: string,
    limit: number,
  ): Promise<AccessRequest[]> {
    return this.query({
      IndexName: REQUEST_INDEX.byStateDue,
      KeyConditionExpression: `#state = :state AND dueAt ${op} :now`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state, ':now': now },
      ScanIndexForward: true,
      Limit: limit,
    });
  }

  /** Every page of a Query (a FilterExpression can leave pages short or empty before the last). */
  private async queryAll(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<AccessRequest[]> {
    const found: AccessRequest[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          ...input,
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      found.push(...(out.Items ?? []).map(fromItem));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  }

  private async query(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const out = await this.db.send(new QueryCommand({ TableName: this.table, ...input }));
    return (out.Items ?? []).map(fromItem);
  }

  private async update(requestId: string, change: Update): Promise<AccessRequest> {
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = { ...change.values };
    const sets = Object.entries(change.set).map(([field, value], i) => {
      names[`#s${i}`] = field;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const removes = (change.remove ?? []).map((field, i) => {
      names[`#r${i}`] = field;
      return `#r${i}`;
    });
    sets.push(...(change.copy ?? []));
    const expression = [
      sets.length ? `SET ${sets.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const usesState = change.condition.includes('#state') || expression.includes('#state');
    if (!usesState) delete names['#state'];
    const out = await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId },
            UpdateExpression: expression,
            ConditionExpression: change.condition,
            ExpressionAttributeNames: names,
            ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      () => this.get(requestId),
      `update ${requestId}`,
      fromItem,
      RequestConflictError,
    );
    return fromItem(out.Attributes ?? {});
  }
}

function claimHeld(token: string) {
  return {
    condition: '#state = :issuing AND claimToken = :token',
    values: { ':issuing': 'ISSUING', ':token': token },
  };
}

function requesterBucket(requesterId: string, bucket: string): string {
  return `${requesterId}#${bucket}`;
}

function fromItem(item: Record<string, unknown>): AccessRequest {
  const { requesterBucket: _index, ...request } = item;
  return request as unknown as AccessRequest;
}
