import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCheckpointRecords } from '../adapters/dynamodb/dynamo-checkpoint-records.js';
import { KmsCheckpointKey } from '../adapters/kms-s3/kms-checkpoint-key.js';
import { S3CheckpointArchive } from '../adapters/kms-s3/s3-checkpoint-archive.js';
import { LambdaCheckpointWriter } from '../adapters/lambda/lambda-checkpoint-writer.js';
import type { Config } from '../config.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { AuditEvidence } from '../services/audit/evidence.js';
import { InProcessCheckpointWriter } from '../services/audit/in-process-checkpoint-writer.js';
import type { CheckpointerDependencies } from '../services/audit/sign-checkpoint.js';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function clients(config: Config) {
  const region = config.aws.region;
  const { s3Endpoint, kmsEndpoint } = config.aws;
  return {
    s3: new S3Client({
      region,
      ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS } : {}),
    }),
    kms: new KMSClient({
      region,
      ...(kmsEndpoint ? { endpoint: kmsEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
    }),
  };
}

/** What the checkpoint writer needs: its function builds this, and local runs build it in process. */
export function buildCheckpointer(
  config: Config,
  parts: { db: DynamoDBDocumentClient; audit: AuditLog; clock: Clock; logger: Logger; metrics: Metrics },
): CheckpointerDependencies | undefined {
  const evidence = config.evidence;
  if (!evidence) return undefined;
  const { s3, kms } = clients(config);
  return {
    audit: parts.audit,
    records: new DynamoCheckpointRecords(parts.db, config.tables.audit),
    key: new KmsCheckpointKey(kms, evidence.keyId),
    archive: new S3CheckpointArchive(s3, evidence.bucket),
    clock: parts.clock,
    logger: parts.logger,
    metrics: parts.metrics,
  };
}

/**
 * Signed checkpoints for the worker and the sweeper, when configured: they read the bucket and the
 * public key, and ask the checkpoint writer (its function, or in process without one) to sign.
 */
export function buildEvidence(
  config: Config,
  parts: Parameters<typeof buildCheckpointer>[1],
): AuditEvidence | undefined {
  const evidence = config.evidence;
  if (!evidence) return undefined;
  const { s3, kms } = clients(config);
  const name = evidence.checkpointFunctionName;
  const local = name ? undefined : buildCheckpointer(config, parts);
  const checkpoints = name
    ? new LambdaCheckpointWriter(
        new LambdaClient({
          region: config.aws.region,
          ...(config.lambdaEndpoint
            ? { endpoint: config.lambdaEndpoint, credentials: LOCAL_CREDENTIALS }
            : {}),
        }),
        name,
      )
    : new InProcessCheckpointWriter(local as CheckpointerDependencies);
  return {
    checkpoints,
    archive: new S3CheckpointArchive(s3, evidence.bucket),
    key: new KmsCheckpointKey(kms, evidence.keyId),
    retentionMs: evidence.retentionMs,
  };
}
