import type { AccessRequest, MessageRef } from '../../domain/access-request.js';

/** A key on a managed bucket that no request of the bot's accounts for. */
export interface UnknownKey {
  bucket: string;
  accessKeyId: string;
}

/** One post of an unknown-keys report: the keys it names, sent only when `post` is called. */
export interface UnknownKeysPost<K extends UnknownKey> {
  keys: K[];
  /** Posts it to the approvers' channel; a failure is thrown. */
  post(): Promise<void>;
}

/** A live key of the bot's on a bucket the policy no longer lists. */
export interface DelistedKey {
  accessKeyId: string;
  holderId: string;
  expiresAt?: string;
}

/** Where a pending request's reminders stand, and who is asked. */
export interface Reminder {
  /** This reminder's number, from 1; the last (n = times) escalates. */
  n: number;
  times: number;
  approvers: readonly string[];
  escalateTo: readonly string[];
}

/** What the sweeper tells people as it acts. See ../notifier.ts. */
export type SweepNotices = {
  /** The requester hears that a pending request or an unused approval ran out. Logged, never thrown. */
  requestExpired(request: AccessRequest): Promise<void>;
  /** The holder hears that their key reached its expiry and was deleted. Logged, never thrown. */
  keyExpired(request: AccessRequest, accessKeyId: string): Promise<void>;
  /**
   * Keys nobody has a record of, for the approvers: as many posts as Slack's limits need, each
   * naming its keys, so the caller marks a key reported only once its own post went out.
   */
  unknownKeysFound<K extends UnknownKey>(keys: readonly K[]): UnknownKeysPost<K>[];
  /** The approvers hear of a bucket that left the policy with live keys, each with Revoke. Thrown. */
  bucketDelisted(bucket: string, region: string, keys: readonly DelistedKey[]): Promise<void>;
  /** The holder hears their key expires soon, with Rotate and Revoke. A failure is thrown. */
  keyExpiryWarning(request: AccessRequest): Promise<void>;
  /** The holder hears their key is idle and when it is deleted unless used. A failure is thrown. */
  keyIdleWarning(request: AccessRequest, idle: { since: string; deleteAt: string }): Promise<void>;
  /** The holder hears their key was deleted for being idle `idleMaxMs`. A failure is thrown. */
  idleKeyDeleted(request: AccessRequest, idleMaxMs: number): Promise<void>;
  /** A reminder in the thread of the request's pending card. A failure is thrown. */
  approvalReminder(request: AccessRequest, card: MessageRef, reminder: Reminder): Promise<void>;
  /** The holder hears a rotated-out key was deleted, and `why`. Logged, never thrown. */
  oldKeyRetired(request: AccessRequest, why: string): Promise<void>;
};
