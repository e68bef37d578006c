import { parseSignedCheckpoint, signatureIsValid } from '../../domain/audit-checkpoint.js';
import type { ArchivedCheckpoint } from '../../domain/audit-verification.js';
import type { ArchivedObject, CheckpointArchive } from '../../ports/audit-checkpoints.js';

/** `0000000042-20261101T100000Z.json` → number 42, signed at 2026-11-01T10:00:00Z (from the name alone). */
export function nameOf(key: string): { number: number; to: string } | undefined {
  const match = /(\d{10})-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.json$/.exec(key);
  if (!match) return undefined;
  const [, n, y, mo, d, h, mi, s] = match;
  return { number: Number(n), to: `${y}-${mo}-${d}T${h}:${mi}:${s}Z` };
}

/**
 * Reads checkpoint objects (eight at a time) and judges each before any event is walked: it must
 * parse, carry a valid signature by the public key, and be under COMPLIANCE Object Lock for at least
 * the retention from its signing. `fromKey`: only that key and later ones (a verify since a checkpoint).
 */
export async function readCheckpoints(
  archive: Pick<CheckpointArchive, 'keys' | 'read'>,
  publicKeyPem: string,
  options: { retentionMs?: number; fromKey?: string } = {},
): Promise<ArchivedCheckpoint[]> {
  const keys = (await archive.keys()).filter((key) => !options.fromKey || key >= options.fromKey);
  const judged: ArchivedCheckpoint[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      const key = keys[i] as string;
      judged[i] = judge(key, await archive.read(key), publicKeyPem, options.retentionMs);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return judged;
}

export function judge(
  key: string,
  object: ArchivedObject,
  publicKeyPem: string,
  retentionMs?: number,
): ArchivedCheckpoint {
  const signed = parseSignedCheckpoint(object.body);
  if (!signed) return { key, invalid: 'it is not a signed checkpoint' };
  if (!signatureIsValid(signed, publicKeyPem))
    return { key, signed, invalid: 'its signature does not verify with the public key' };
  if (retentionMs !== undefined) {
    const lock = object.lock;
    // A day's slack: the bucket counts retention in whole days from the put.
    const needed = Date.parse(signed.checkpoint.to) + retentionMs - 86_400_000;
    if (lock?.mode !== 'COMPLIANCE' || Date.parse(lock.retainUntil) < needed)
      return {
        key,
        signed,
        invalid: lock
          ? `it is locked ${lock.mode} until ${lock.retainUntil}, short of the retention`
          : 'it is not under Object Lock',
      };
  }
  return { key, signed };
}
