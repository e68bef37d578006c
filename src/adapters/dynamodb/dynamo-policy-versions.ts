import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PolicyVersionRecords } from '../../ports/policy-versions.js';
import { conditionalWrite } from './conditional.js';

type VersionId = { version: number; sha256: string };

/**
 * PolicyVersionRecords on the requests table: one item per judged version, carrying none of the
 * indexed attributes (so no listing of requests ever returns it). The claim is the conditional write
 * that makes "once" hold across concurrent workers.
 */
export class DynamoPolicyVersionRecords implements PolicyVersionRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(
    version: VersionId & { verdict: 'applied' | 'rejected' },
    claim: { token: string; at: string; until: string },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            requestId: policyVersionId(version),
            policyVersion: version.version,
            sha256: version.sha256,
            verdict: version.verdict,
            claimToken: claim.token,
            claimedAt: claim.at,
            claimedUntil: claim.until,
          },
          ConditionExpression:
            'attribute_not_exists(requestId) OR (attribute_not_exists(recordedAt)' +
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

  async markRecorded(version: VersionId, token: string, at: string): Promise<void> {
    await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId: policyVersionId(version) },
            UpdateExpression: 'SET recordedAt = :at REMOVE claimedUntil',
            ConditionExpression: 'claimToken = :token',
            ExpressionAttributeValues: { ':at': at, ':token': token },
          }),
        ),
      async () => undefined,
      `record policy version ${version.version}`,
    );
  }

  async release(version: VersionId, token: string): Promise<void> {
    await conditionalWrite(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { requestId: policyVersionId(version) },
            UpdateExpression: 'REMOVE claimToken, claimedUntil',
            ConditionExpression: 'claimToken = :token AND attribute_not_exists(recordedAt)',
            ExpressionAttributeValues: { ':token': token },
          }),
        ),
      async () => undefined,
      `release policy version ${version.version}`,
    );
  }
}

export function policyVersionId(version: VersionId): string {
  return `POLICY-VERSION#${version.version}#${version.sha256}`;
}
