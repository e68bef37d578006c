import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UnknownKeySightings } from '../../ports/unknown-key-sightings.js';
import { conditionalWrite } from './conditional.js';

/** UnknownKeySightings on the requests table: one item per key, carrying none of the indexed attributes. */
export class DynamoUnknownKeySightings implements UnknownKeySightings {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(
    bucket: string,
    accessKeyId: string,
    claim: { token: string; at: string; until: string },
  ): Promise<void> {
    // A sighting item carries none of the indexed attributes, so no listing ever returns it.
    // Items from before claims (`seenAt` only) were reported then, and stay reported.
    await conditionalWrite(
      () =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              requestId: unknownKeyId(bucket, accessKeyId),
              claimToken: claim.token,
              claimedAt: claim.at,
              claimedUntil: claim.until,
            },
            ConditionExpression:
              'attribute_not_exists(requestId) OR (attribute_not_exists(reportedAt) AND attribute_not_exists(seenAt)' +
              ' AND (attribute_not_exists(claimedUntil) OR claimedUntil < :at))',
            ExpressionAttributeValues: { ':at': claim.at },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      () => this.current(bucket, accessKeyId),
      `claim unknown key ${accessKeyId}`,
    );
  }

  async markReported(bucket: string, accessKeyId: string, token: string, at: string): Promise<void> {
    await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId: unknownKeyId(bucket, accessKeyId) },
            UpdateExpression: 'SET reportedAt = :at REMOVE claimedUntil',
            ConditionExpression: 'claimToken = :token',
            ExpressionAttributeValues: { ':at': at, ':token': token },
          }),
        ),
      async () => undefined,
      `report unknown key ${accessKeyId}`,
    );
  }

  async release(bucket: string, accessKeyId: string, token: string): Promise<void> {
    await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId: unknownKeyId(bucket, accessKeyId) },
            UpdateExpression: 'REMOVE claimToken, claimedUntil',
            ConditionExpression: 'claimToken = :token AND attribute_not_exists(reportedAt)',
            ExpressionAttributeValues: { ':token': token },
          }),
        ),
      async () => undefined,
      `release unknown key ${accessKeyId}`,
    );
  }

  /** The sighting as it is now, read consistently: what a lost claim reports. */
  private async current(bucket: string, accessKeyId: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { requestId: unknownKeyId(bucket, accessKeyId) },
        ConsistentRead: true,
      }),
    );
    return out.Item;
  }
}

function unknownKeyId(bucket: string, accessKeyId: string): string {
  return `UNKNOWN-KEY#${bucket}#${accessKeyId}`;
}
