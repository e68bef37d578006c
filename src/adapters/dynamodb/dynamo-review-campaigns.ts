import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CampaignState,
  campaignIdFor,
  type ReviewCampaign,
  ReviewConflictError,
} from '../../domain/review.js';
import type { CampaignPointer, ReviewCampaigns } from '../../ports/review-campaigns.js';
import { conditionalWrite } from './conditional.js';
import { REQUEST_INDEX } from './table-definitions.js';

/**
 * An open campaign sits in the byStateDue index under this state, sorted by its deadline, so the
 * sweeper lists open campaigns with one Query. Closing drops it from the index.
 */
const OPEN = 'REVIEW_OPEN';

interface Change {
  expression: string;
  condition: string;
  values?: Record<string, unknown>;
  names?: Record<string, string>;
}

/**
 * ReviewCampaigns on the requests table: one item per campaign (`REVIEW#<campaignId>`), holding its
 * keys and their decisions, so that a decision and the campaign's state are checked by one
 * conditional write; and one small item per bucket (`REVIEWS#<bucket>`) naming its latest campaign.
 * Neither carries `seq`, `requesterId` or `createdAt`, so no request listing ever returns them.
 */
export class DynamoReviewCampaigns implements ReviewCampaigns {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(campaignId: string): Promise<ReviewCampaign | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { requestId: keyOf(campaignId) }, ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async latestOf(bucket: string): Promise<CampaignPointer | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { requestId: pointerKeyOf(bucket) },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    return {
      number: Number(out.Item.latestNumber),
      campaignId: String(out.Item.latestCampaignId),
      openedAt: String(out.Item.latestOpenedAt),
    };
  }

  async open(campaign: ReviewCampaign): Promise<{ opened: boolean; campaign: ReviewCampaign }> {
    let result: { opened: boolean; campaign: ReviewCampaign };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(campaign),
          ConditionExpression: 'attribute_not_exists(requestId)',
        }),
      );
      result = { opened: true, campaign };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(campaign.campaignId);
      if (!current) throw error;
      result = { opened: false, campaign: current };
    }
    // Also when it existed: a sweep that stopped between the two writes left the pointer behind.
    await this.advancePointer(result.campaign);
    return result;
  }

  private async advancePointer(campaign: ReviewCampaign): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { requestId: pointerKeyOf(campaign.bucket) },
          UpdateExpression: 'SET latestNumber = :n, latestCampaignId = :id, latestOpenedAt = :at',
          ConditionExpression: 'attribute_not_exists(latestNumber) OR latestNumber < :n',
          ExpressionAttributeValues: {
            ':n': campaign.number,
            ':id': campaign.campaignId,
            ':at': campaign.openedAt,
          },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async listOpen(): Promise<ReviewCampaign[]> {
    const found: ReviewCampaign[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: REQUEST_INDEX.byStateDue,
          KeyConditionExpression: '#state = :open',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':open': OPEN },
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      found.push(...(out.Items ?? []).map(fromItem));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    // The index lags the table a moment: a campaign closed just now may still be listed.
    return found.filter((campaign) => campaign.state === 'OPEN');
  }

  async recent(bucket: string, limit: number): Promise<ReviewCampaign[]> {
    const latest = await this.latestOf(bucket);
    if (!latest) return [];
    const numbers = [];
    for (let n = latest.number; n >= 1 && numbers.length < limit; n--) numbers.push(n);
    const found = await Promise.all(numbers.map((n) => this.get(campaignIdFor(bucket, n))));
    return found.filter((campaign): campaign is ReviewCampaign => campaign !== undefined);
  }

  decide(
    campaignId: string,
    grantId: string,
    decision: NonNullable<ReviewCampaign['entries'][string]['decision']>,
    options: { before?: string } = {},
  ): Promise<ReviewCampaign> {
    return this.update(campaignId, {
      expression: 'SET entries.#entry.decision = :decision',
      condition:
        'campaignState = :open AND attribute_exists(entries.#entry) AND attribute_not_exists(entries.#entry.decision)' +
        ` AND attribute_not_exists(entries.#entry.gone)${options.before ? ' AND #deadline > :before' : ''}`,
      values: {
        ':decision': decision,
        ':open': 'OPEN',
        ...(options.before ? { ':before': options.before } : {}),
      },
      names: { '#entry': grantId, ...(options.before ? { '#deadline': 'deadline' } : {}) },
    });
  }

  markGone(
    campaignId: string,
    grantId: string,
    gone: { at: string; why: 'deleted_outside' | 'grant_ended' },
  ) {
    return this.update(campaignId, {
      expression: 'SET entries.#entry.gone = :gone',
      condition:
        'campaignState = :open AND attribute_exists(entries.#entry) AND attribute_not_exists(entries.#entry.decision)' +
        ' AND attribute_not_exists(entries.#entry.gone)',
      values: { ':gone': gone, ':open': 'OPEN' },
      names: { '#entry': grantId },
    });
  }

  noteRevoke(
    campaignId: string,
    grantId: string,
    revoke: { state: 'done' | 'failed'; at: string; error?: string },
  ): Promise<ReviewCampaign> {
    return this.update(campaignId, {
      expression: 'SET entries.#entry.#revoke = :revoke',
      condition:
        'attribute_exists(entries.#entry.decision) AND entries.#entry.decision.#kind <> :kept' +
        ' AND (attribute_not_exists(entries.#entry.#revoke) OR entries.#entry.#revoke.#revokeState <> :done)',
      values: { ':revoke': revoke, ':kept': 'kept', ':done': 'done' },
      names: { '#entry': grantId, '#revoke': 'revoke', '#kind': 'kind', '#revokeState': 'state' },
    });
  }

  async claimNotice(campaignId: string, key: string, claim: { at: string; until: string }): Promise<void> {
    await this.update(campaignId, {
      expression: 'SET notices.#notice = :claim',
      condition:
        'attribute_not_exists(notices.#notice) OR (attribute_not_exists(notices.#notice.sentAt)' +
        ' AND notices.#notice.claimedUntil < :at)',
      values: { ':claim': { claimedUntil: claim.until }, ':at': claim.at },
      names: { '#notice': key },
    });
  }

  async noticeSent(campaignId: string, key: string, at: string): Promise<void> {
    await this.update(campaignId, {
      expression: 'SET notices.#notice = :sent',
      condition: 'attribute_exists(notices.#notice)',
      values: { ':sent': { sentAt: at } },
      names: { '#notice': key },
    });
  }

  async releaseNotice(campaignId: string, key: string, until: string): Promise<void> {
    await this.update(campaignId, {
      expression: 'REMOVE notices.#notice',
      condition: 'notices.#notice.claimedUntil = :until AND attribute_not_exists(notices.#notice.sentAt)',
      values: { ':until': until },
      names: { '#notice': key },
    }).catch((error: unknown) => {
      if (!(error instanceof ReviewConflictError)) throw error;
    });
  }

  close(campaignId: string, at: string): Promise<ReviewCampaign> {
    return this.update(campaignId, {
      expression: 'SET campaignState = :closed, closedAt = :at REMOVE #state, dueAt',
      condition: 'campaignState = :open',
      values: { ':open': 'OPEN', ':closed': 'CLOSED', ':at': at },
      names: { '#state': 'state' },
    });
  }

  private async update(campaignId: string, change: Change): Promise<ReviewCampaign> {
    // Map keys (a grant id, a notice key) hold `#` and `-`: they always go in as attribute names.
    const names = change.names ?? {};
    const out = await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId: keyOf(campaignId) },
            UpdateExpression: change.expression,
            ConditionExpression: `attribute_exists(requestId) AND (${change.condition})`,
            ...(change.values ? { ExpressionAttributeValues: change.values } : {}),
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      () => this.get(campaignId),
      `update campaign ${campaignId}`,
      fromItem,
      ReviewConflictError,
    );
    return fromItem(out.Attributes ?? {});
  }
}

function keyOf(campaignId: string): string {
  return `REVIEW#${campaignId}`;
}

function pointerKeyOf(bucket: string): string {
  return `REVIEWS#${bucket}`;
}

function toItem(campaign: ReviewCampaign): Record<string, unknown> {
  const { state, ...rest } = campaign;
  return {
    ...rest,
    requestId: keyOf(campaign.campaignId),
    campaignState: state,
    ...(state === 'OPEN' ? { state: OPEN, dueAt: campaign.deadline } : {}),
  };
}

function fromItem(item: Record<string, unknown>): ReviewCampaign {
  const { requestId: _key, state: _indexed, dueAt: _due, campaignState, ...campaign } = item;
  return { ...campaign, state: campaignState as CampaignState } as unknown as ReviewCampaign;
}
