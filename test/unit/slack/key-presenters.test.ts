import { describe, expect, it } from 'vitest';
import { blockKitBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import type { ListOutcome } from '../../../src/services/revoke-rotate/list-keys.js';
import type { RevokeOutcome } from '../../../src/services/revoke-rotate/revoke-key.js';
import { presentList, presentRevoke } from '../../../src/slack/presenter/key-presenters.js';

const BUCKET = `a${'b'.repeat(61)}c`;
const KEY = `AKIA${'Z'.repeat(124)}`;
const at = new Date('2026-11-01T10:00:00Z');

const revokes: Array<Exclude<RevokeOutcome, { kind: 'failed' }>> = [
  { kind: 'bucket_not_allowed', bucket: BUCKET },
  { kind: 'revoke_refused', bucket: BUCKET },
  { kind: 'key_not_found', bucket: BUCKET, accessKeyId: KEY },
  { kind: 'key_revoked', bucket: BUCKET, accessKeyId: KEY },
  {
    kind: 'grant_revoked',
    bucket: BUCKET,
    holderId: 'UHOLDER001',
    revocation: {
      grant: {
        grantId: 'REQ-AAAAAAAA-1',
        holderId: 'UHOLDER001',
        bucket: BUCKET,
        region: 'us-east-1',
        approvers: [],
        approvedAt: at.toISOString(),
        state: 'REVOKED',
        requestIds: [],
      },
      deleted: [KEY, KEY],
      surviving: [{ accessKeyId: KEY, requestId: 'REQ-AAAAAAAA-2', error: 'ServiceUnavailableException' }],
      ended: [],
    },
  },
];
const lists: Array<Exclude<ListOutcome, { kind: 'failed' }>> = [
  { kind: 'bucket_not_allowed', bucket: BUCKET },
  {
    kind: 'keys_listed',
    bucket: BUCKET,
    region: 'ap-southeast-2',
    keys: [{ accessKeyId: KEY, status: 'Active', createdAt: at }],
    records: [],
  },
];

describe('the key presenters: every outcome, from a command and from App Home', () => {
  it.each(
    revokes.flatMap((outcome) => [true, false].map((fromHome) => [outcome.kind, fromHome, outcome] as const)),
  )(
    'renders %s (from App Home: %s) within Block Kit limits, replacing only what was confirmed',
    (kind, fromHome, outcome) => {
      const shown = presentRevoke(outcome, { userId: 'UAPPROVER1', fromHome });
      for (const delivery of shown.deliveries)
        expect(blockKitBreaches(delivery.message.blocks, 'message')).toEqual([]);
      const [answer, ...others] = shown.deliveries;
      expect(answer?.to).toBe('origin');
      expect(answer?.replaceOriginal === true).toBe(kind !== 'bucket_not_allowed');
      expect(others.map((d) => d.to)).toEqual(kind === 'grant_revoked' ? [{ userId: 'UHOLDER001' }] : []);
      const changed = kind === 'key_revoked' || kind === 'grant_revoked';
      expect(shown.refreshHome === true).toBe(changed && fromHome);
    },
  );

  it.each(lists.map((outcome) => [outcome.kind, outcome] as const))(
    'renders list %s within Block Kit limits, in place of the acknowledgement',
    (_kind, outcome) => {
      const shown = presentList(outcome);
      expect(shown.deliveries).toHaveLength(1);
      expect(shown.deliveries[0]).toMatchObject({ to: 'origin', replaceOriginal: true });
      expect(blockKitBreaches(shown.deliveries[0]?.message.blocks, 'message')).toEqual([]);
    },
  );

  it('names what survived a grant revoke in the answer', () => {
    const shown = presentRevoke(revokes[4] as Exclude<RevokeOutcome, { kind: 'failed' }>, {
      userId: 'UAPPROVER1',
      fromHome: false,
    });
    expect(JSON.stringify(shown.deliveries[0]?.message)).toContain('ServiceUnavailableException');
  });
});
