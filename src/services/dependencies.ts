import type { Policy } from '../domain/policy.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { BreakGlassLedger } from '../ports/break-glass-ledger.js';
import type { BreakGlassReviews } from '../ports/break-glass-reviews.js';
import type { BucketCatalogStore } from '../ports/bucket-catalog.js';
import type { Clock } from '../ports/clock.js';
import type { Directory } from '../ports/directory.js';
import type { GrantStore } from '../ports/grant-store.js';
import type { KeyIssuer } from '../ports/key-issuer.js';
import type { Logger } from '../ports/logger.js';
import type { Messenger } from '../ports/messenger.js';
import type { Metrics } from '../ports/metrics.js';
import type { Notifier } from '../ports/notifier.js';
import type { PolicyInForce } from '../ports/policy-source.js';
import type { RequestStore } from '../ports/request-store.js';
import type { ReviewCampaigns } from '../ports/review-campaigns.js';
import type { UnknownKeySightings } from '../ports/unknown-key-sightings.js';

export interface ServiceSettings {
  approvalChannelId: string;
  /** Region of buckets the policy does not place elsewhere. */
  defaultRegion: string;
  auditorIds: readonly string[];
  approvalTtlMs: number;
  pendingTtlMs: number;
  issuingTimeoutMs: number;
  /** Largest file an audit export uploads; bigger exports are split into numbered parts. */
  exportPartBytes?: number;
}

/** What every use case may use: ports only, so each one runs against any adapter. */
export interface ServiceDependencies {
  requests: RequestStore;
  /** The grants keys are issued under: who approved, when the access ends, every key it covers. */
  grants: GrantStore;
  /** Break-glass uses per person and bucket, counted where concurrent requests cannot outrun it. */
  breakGlassUses: BreakGlassLedger;
  /** Break-glass reviews waiting for their alert to be posted. */
  reviews: BreakGlassReviews;
  /** Access review campaigns: every live key re-confirmed on a schedule, or revoked. */
  campaigns: ReviewCampaigns;
  /** Keys without a record of the bot's, and whether they were reported. */
  sightings: UnknownKeySightings;
  audit: AuditLog;
  /** What the request modal's picker offers, refreshed by the sweeper and after key changes. */
  catalog: BucketCatalogStore;
  keys: KeyIssuer;
  messenger: Messenger;
  /** What a use case says while it runs (the card, the secret, alerts); the Slack layer words it. */
  notifier: Notifier;
  directory: Directory;
  clock: Clock;
  policy: Policy;
  /**
   * Where `policy` comes from when it can change while the bot runs (the SSM parameter): the worker
   * and the sweeper resolve it once per job and per sweep. Absent: `policy` is fixed for the run.
   */
  policyInForce?: PolicyInForce;
  logger: Logger;
  /** Counters and timings for dashboards and alarms (EMF in Lambda). */
  metrics: Metrics;
  settings: ServiceSettings;
}
