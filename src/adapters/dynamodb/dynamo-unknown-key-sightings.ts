import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
  ): Promise<boolean> {
    try {
      // A sighting item carries none of the indexed attributes, so no listing ever returns it.
      // Items from before claims (`seenAt` only) were reported then, and stay reported.
      await this.db.send(
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
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
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
}

function unknownKeyId(bucket: string, accessKeyId: string): string {
  return `UNKNOWN-KEY#${bucket}#${accessKeyId}`;
}
