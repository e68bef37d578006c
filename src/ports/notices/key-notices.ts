import type { AccessRequest } from '../../domain/access-request.js';

/** The one message that ever holds a secret. */
export interface SecretDelivery {
  bucket: string;
  region: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  expiresAt?: string;
}

/** Why a repair deleted keys. */
export type RepairCause =
  /** The claim recorded the key, then stopped before the key was marked issued. */
  | 'interrupted_issue'
  /** The create got no usable answer and the claim timed out; the key appeared during the claim. */
  | 'timed_out_create'
  /** Lightsail answered the create with an error or without a key id; the key appeared during the claim. */
  | 'failed_create'
  /** Lightsail made the key but answered without its secret. */
  | 'create_without_secret'
  /** The request's grant was revoked while its key was being made. */
  | 'revoked_during_issue';

export interface KeysDeleted {
  bucket: string;
  region: string;
  requestId: string;
  accessKeyIds: readonly string[];
  cause: RepairCause;
}

/** A key's birth and replacement, as its holder and the approvers hear of it. */
export interface KeyNotices {
  /** A secret is on its way to this person: their DM may be looked up now. Sends nothing. */
  secretComing(holderId: string): void;
  /**
   * The secret, as an ephemeral message in the holder's DM with the bot, and nowhere else.
   * Throws MessengerError: an undelivered secret means the key must be deleted.
   */
  secretReady(holderId: string, secret: SecretDelivery): Promise<void>;
  /** The holder's rotated key now retires. A failure is logged, never thrown. */
  rotationStarted(old: AccessRequest, newKeyId: string, retireBy: string): Promise<void>;
  /** The approvers hear of keys a repair deleted. A failure is logged, never thrown. */
  keysDeletedByRepair(deleted: KeysDeleted): Promise<void>;
}
