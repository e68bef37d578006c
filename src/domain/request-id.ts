import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Shaped so it can never be mistaken for a bucket name (those are lower case). */
export const REQUEST_ID = /^REQ-[A-Z2-7]{8}-[1-9]\d{0,5}$/;

/**
 * Request ids are deterministic per requester, bucket and sequence number, so that
 * "one open request per person and bucket" is enforced by a conditional put on the id
 * itself: two concurrent creates compute the same id and exactly one write wins.
 */
export function requestIdFor(requesterId: string, bucket: string, seq: number): string {
  const digest = createHash('sha256').update(`${requesterId}\u0000${bucket}`).digest();
  let tag = '';
  for (let i = 0; i < 8; i++) tag += BASE32[(digest[i] ?? 0) % 32];
  return `REQ-${tag}-${seq}`;
}

export function parseRequestId(text: string): string | undefined {
  const upper = text.toUpperCase();
  return REQUEST_ID.test(upper) ? upper : undefined;
}
