import type { AccessRequest } from '../../domain/access-request.js';
import type { Grant } from '../../domain/grant.js';
import type { BucketKey } from '../../ports/key-issuer.js';
import type { FailedCall } from '../outcome.js';

/** How an attempt to turn an approval into a delivered key ended. */
export type IssueOutcome =
  | { kind: 'unknown_request' }
  /** The approval is someone else's: refused and audited. */
  | { kind: 'request_not_yours' }
  /** The bucket left the policy after the approval: nothing was created. */
  | { kind: 'bucket_no_longer_allowed'; request: AccessRequest }
  /** Used, expired, revoked or never approved: nothing was created. */
  | { kind: 'approval_not_usable'; request: AccessRequest }
  /** The bucket holds Lightsail's maximum of keys already; the approval stays usable. */
  | { kind: 'key_limit_reached'; bucket: string; keys: BucketKey[] }
  /** The grant ended (revoked, expired) while the key was made: the key was deleted, the request is over. */
  | { kind: 'grant_ended_before_issue'; request: AccessRequest }
  /**
   * Lightsail failed the create, or made a key the grant no longer allows. `settled`: what it left is
   * gone and the approval usable again now; otherwise the sweeper settles it within `retryAfterMs`.
   */
  | { kind: 'create_failed'; request: AccessRequest; settled: boolean; retryAfterMs: number }
  /** Lightsail did not answer the create: the sweeper settles the claim within `retryAfterMs`. */
  | { kind: 'create_outcome_unknown'; request: AccessRequest; retryAfterMs: number }
  /** Delivered, but not recorded as issued: the key will be deleted within `retryAfterMs`. */
  | { kind: 'key_not_recorded'; request: AccessRequest; accessKeyId: string; retryAfterMs: number }
  /** The secret could not be delivered (or the grant was revoked meanwhile): the key was deleted. */
  | { kind: 'delivery_failed'; request: AccessRequest; grantRevoked: boolean }
  /** The secret reached the holder's DM, once; the request is ISSUED under `grant`. */
  | { kind: 'key_delivered'; request: AccessRequest; grant: Grant }
  | FailedCall;
