import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../adapters/dynamodb/dynamo-audit-log.js';
import { DynamoAuditOutbox } from '../adapters/dynamodb/dynamo-audit-outbox.js';
import { DynamoBreakGlassLedger } from '../adapters/dynamodb/dynamo-break-glass-ledger.js';
import { DynamoBreakGlassReviews } from '../adapters/dynamodb/dynamo-break-glass-reviews.js';
import { DynamoBucketCatalog } from '../adapters/dynamodb/dynamo-bucket-catalog.js';
import { DynamoGrantStore } from '../adapters/dynamodb/dynamo-grant-store.js';
import { DynamoPolicyVersionRecords } from '../adapters/dynamodb/dynamo-policy-versions.js';
import { DynamoRefusalTally } from '../adapters/dynamodb/dynamo-refusal-tally.js';
import { DynamoRequestStore } from '../adapters/dynamodb/dynamo-request-store.js';
import { DynamoReviewCampaigns } from '../adapters/dynamodb/dynamo-review-campaigns.js';
import { DynamoUnknownKeySightings } from '../adapters/dynamodb/dynamo-unknown-key-sightings.js';
import { ensureTables } from '../adapters/dynamodb/ensure-tables.js';
import { LightsailKeyIssuer } from '../adapters/lightsail/lightsail-key-issuer.js';
import { EmfMetrics } from '../adapters/metrics/emf-metrics.js';
import { createWebClient } from '../adapters/slack/create-web-client.js';
import { SlackDirectory } from '../adapters/slack/slack-directory.js';
import { SLACK_RESPONSE_ORIGINS, SlackMessenger } from '../adapters/slack/slack-messenger.js';
import { SsmPolicySource } from '../adapters/ssm/ssm-policy-source.js';
import { botTokenOf, type Config } from '../config.js';
import { Policy, type PolicyDefaults } from '../domain/policy.js';
import { policyFromFile } from '../policy-file.js';
import type { AuditLog } from '../ports/audit-log.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { Notifier } from '../ports/notifier.js';
import type { PolicyInForce } from '../ports/policy-source.js';
import type { EvidenceDependencies } from '../services/audit/evidence.js';
import { MeteredAuditLog } from '../services/audit/metered-audit-log.js';
import { OutboxAuditLog } from '../services/audit/outbox-audit-log.js';
import { PolicyKeeper } from '../services/policy/policy-keeper.js';
import { slackNotifier } from '../slack/notifier/slack-notifier.js';
import { buildEvidence } from './build-evidence.js';

/** Local endpoints take any credentials; real AWS uses the default provider chain. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Smithy only warns when a request times out unless told to throw. */
export function awsRequestHandler(config: Config) {
  return { requestTimeout: config.awsTimeoutMs, connectionTimeout: 2000, throwOnRequestTimeout: true };
}

/** The low-level client: the http function's one GetItem uses it alone, without the document client. */
export function createDynamoBaseClient(config: Config): DynamoDBClient {
  const endpoint = config.aws.dynamodbEndpoint;
  return new DynamoDBClient({
    region: config.aws.region,
    requestHandler: awsRequestHandler(config),
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
}

export function createDynamoClient(config: Config): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoBaseClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * Wires every port to its real adapter. Nothing is created at module load. Metrics default to EMF
 * lines on stdout; tests pass a quiet implementation.
 */
export async function buildDependencies(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
  metrics: Metrics = new EmfMetrics(),
): Promise<EvidenceDependencies> {
  const db = createDynamoClient(config);
  if (config.aws.dynamodbEndpoint) await ensureTables(db, config.tables);
  const endpoint = config.aws.lightsailEndpoint;
  const keys = LightsailKeyIssuer.withConfig({
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    maxAttempts: 2,
    requestHandler: awsRequestHandler(config),
  });
  const web = createWebClient(botTokenOf(config), config.slack.apiUrl);
  const messenger = new SlackMessenger(web, [
    ...SLACK_RESPONSE_ORIGINS,
    // With a Slack stand-in (local runs, tests), its response_urls live beside its API.
    ...(config.slack.apiUrl ? [new URL(config.slack.apiUrl).origin] : []),
  ]);
  const chain = new MeteredAuditLog(new DynamoAuditLog(db, config.tables.audit, clock), metrics);
  const outbox = new DynamoAuditOutbox(db, config.tables.requests);
  const audit = new OutboxAuditLog(chain, outbox, clock, metrics, logger);
  const evidence = buildEvidence(config, { db, audit: chain, clock, logger, metrics });
  const notifier = slackNotifier({ messenger, approvalChannelId: config.approvalChannelId, logger });
  return {
    ...(evidence ? { evidence } : {}),
    refusals: new DynamoRefusalTally(db, config.tables.requests),
    requests: new DynamoRequestStore(db, config.tables.requests),
    grants: new DynamoGrantStore(db, config.tables.requests),
    breakGlassUses: new DynamoBreakGlassLedger(db, config.tables.requests),
    reviews: new DynamoBreakGlassReviews(db, config.tables.requests),
    sightings: new DynamoUnknownKeySightings(db, config.tables.requests),
    campaigns: new DynamoReviewCampaigns(db, config.tables.requests),
    catalog: new DynamoBucketCatalog(createDynamoBaseClient(config), config.tables.requests),
    audit,
    keys,
    messenger,
    notifier,
    directory: new SlackDirectory(web, clock),
    clock,
    ...buildPolicy(config, { db, audit, notifier, logger, clock }),
    logger,
    metrics,
    settings: {
      approvalChannelId: config.approvalChannelId,
      defaultRegion: config.aws.region,
      auditorIds: config.auditorIds,
      approvalTtlMs: config.approvalTtlMs,
      pendingTtlMs: config.pendingTtlMs,
      issuingTimeoutMs: config.issuingTimeoutMs,
    },
  };
}

/** The environment's part of every policy: default region, approvers, key age and lifecycle. */
function policyDefaults(config: Config): PolicyDefaults {
  return {
    region: config.aws.region,
    approvers: config.approverIds,
    ...(config.keyMaxAgeMs === undefined ? {} : { keyMaxAgeMs: config.keyMaxAgeMs }),
    rotationGraceMs: config.rotationGraceMs,
    expiryWarningMs: config.expiryWarningMs,
    ...(config.idleMaxMs === undefined ? {} : { idleMaxMs: config.idleMaxMs }),
  };
}

/**
 * The policy: from the SSM parameter, kept in force while the bot runs (until the first job or sweep
 * resolves it, nothing may be requested); else the file read now (a fault stops the start); else the
 * defaults alone.
 */
function buildPolicy(
  config: Config,
  ports: {
    db: DynamoDBDocumentClient;
    audit: AuditLog;
    notifier: Notifier;
    logger: Logger;
    clock: Clock;
  },
): { policy: Policy; policyInForce?: PolicyInForce } {
  const defaults = policyDefaults(config);
  if (config.policyParameter) {
    const endpoint = config.aws.ssmEndpoint;
    const ssm = new SSMClient({
      region: config.aws.region,
      maxAttempts: 2,
      requestHandler: awsRequestHandler(config),
      ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    });
    const keeper = new PolicyKeeper({
      source: new SsmPolicySource(ssm, config.policyParameter, config.policyCacheSeconds),
      records: new DynamoPolicyVersionRecords(ports.db, config.tables.requests),
      defaults,
      ...ports,
    });
    return { policy: Policy.closed(defaults), policyInForce: keeper };
  }
  if (config.policyPath) return { policy: policyFromFile(config.policyPath, defaults) };
  return { policy: new Policy(defaults) };
}
